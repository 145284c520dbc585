//! Exports (owned by the export work; placeholder).
