//! Path queries (owned by the query work; placeholder).
