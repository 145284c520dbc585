//! Queries over a built graph: name resolution, paths with evidence, entity summaries,
//! neighbourhoods, search and statistics — plus their text, JSON and Graphviz renderings.
//!
//! The library does all the work; the binary only parses arguments, calls these functions
//! and writes what they render.
//!
//! # The graph a query reads
//!
//! Every query runs on a [`QueryGraph`]: a [`GraphIndex`] (ids, names, labels, dates and
//! document counts of the nodes; types, ends and dates of the edges; each node's incidence
//! list; every name and alias normalized and sorted for lookup) plus the full records (an
//! entity's aliases and sources, a relation's title and evidence), which only `show` and the
//! hops of `path` print. [`load_graph`] opens the export folder's snapshot `graph.bin`
//! (written by `build`; see `export::snapshot`): the index is read whole and used in place,
//! and each full record is read from the folder when it is printed, so a query costs the
//! same few milliseconds whatever the size of the evidence. Without a usable snapshot the
//! CSVs are read and indexed in memory by the same [`GraphIndex::build`], so the answers are
//! the same either way. Records a lazily loaded graph cannot read are `io::Error`s wrapping
//! a [`GraphReadError`], returned by the renderers before they write anything.
//!
//! # Names
//!
//! An entity argument matches, in this order:
//! 1. a node id, exactly (`person:cai-jianing`);
//! 2. a canonical name, an alias or an acronym (acronyms are aliases), compared after
//!    [`normalize`]: lower case, accents removed (NFD, combining marks dropped), `'` and `.`
//!    dropped (`U.S.` = `us`), any other punctuation or space run folded into one space.
//!
//! Canonical-name matches win over alias matches; more than one match of the winning kind
//! is [`QueryError::Ambiguous`] (unless the caller asks for the first candidate: candidates
//! are ordered canonical-name matches first, then by number of documents, most first, then
//! by id). No match is [`QueryError::UnknownEntity`], with suggestions ranked by
//! containment (the query inside a name, or every query token a token of it), then edit
//! distance on normalized names, then shared tokens.
//!
//! # Paths
//!
//! A path is a sequence of hops; a hop is one edge (relation) of the graph, so two entities
//! linked by two relations of different types give two different one-hop paths. Paths are
//! simple (no entity twice). By default edges are followed both ways; in directed mode only
//! from a relation's source to its target, except `MET_WITH`, which is symmetric and always
//! followed both ways. Filters:
//! * relation types: `via` (only these types; empty = all) and `not_via` (never these);
//! * `through`: labels allowed for the *intermediate* entities (the two ends are exempt);
//! * dates: `since` / `until` take ISO dates `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a partial
//!   date stands for its whole period, inclusive (`--until 2018` keeps 2018-12-31). An edge's
//!   dates are the relation's own date or, when it has none, the dates of its endpoints (an
//!   event's date); the edge passes when *any* of them overlaps the range. An edge with no
//!   date at all is **excluded whenever a date filter is given** (kept with
//!   `include_undated`), and never excluded otherwise;
//! * `max_hops`: the longest path considered.
//!
//! Shortest paths are found by breadth-first search, all shortest paths from the BFS
//! predecessor layers (at most `limit` enumerated; the total is counted), and the k shortest
//! simple paths by Yen's algorithm over BFS. Ties are broken by node id order, so answers are
//! deterministic.
//!
//! # JSON output (`--json`)
//!
//! One object per command, pretty-printed. Fields are always present (`null` when a value
//! is missing); new fields may be added, existing ones are not renamed or removed.
//! An `EntityRef` is `{"id": str, "name": str, "label": str}`; `Evidence` is
//! `{"doc": str, "start": int, "end": int, "sentence": str}` (byte offsets into the
//! original document; for HTML, into its extracted text), plus `"url"`, `"title"` and
//! `"source"` (strings) only when the document's input gave them (JSON Lines, HTML). `direction` is relative to the way a hop or edge is read:
//! `"forward"` (the relation points from `from` to `to`), `"backward"` (it points from `to`
//! to `from`) or `"undirected"` (`MET_WITH`).
//!
//! `path`:
//! ```json
//! {"from": EntityRef, "to": EntityRef, "directed": bool,
//!  "mode": "shortest" | "all" | "k",
//!  "total": int,                       // paths found (for "all": all shortest, even if
//!                                      // more than "paths" lists)
//!  "paths": [{"length": int,
//!             "nodes": [EntityRef, ...],                // length + 1 entities
//!             "hops": [{"type": "MET_WITH", "direction": "undirected",
//!                       "from": EntityRef, "to": EntityRef,
//!                       "date": str|null, "title": str|null,
//!                       "docs": [str, ...],             // every document
//!                       "evidence": [Evidence, ...],    // at most `--evidence N`
//!                       "evidence_total": int}]}]}
//! ```
//! `show`:
//! ```json
//! {"entity": {"id", "name", "label", "named": bool, "aliases": [str], "sources": [str],
//!             "country": str|null, "date": str|null, "place": str|null},
//!  "degree": int,
//!  "relations": [{"type", "direction", "other": EntityRef, "date", "title", "docs",
//!                 "evidence", "evidence_total"}]}      // sorted by type, then other name
//! ```
//! `neighbors`:
//! ```json
//! {"entity": EntityRef, "depth": int, "total": int,
//!  "neighbors": [{"id", "name", "label", "depth": int, "docs": int,
//!                 "via": [{"type", "direction", "from": EntityRef, "date"}]}]}
//! ```
//! (`via`: every kept edge from an entity one step closer to the start; `from` is that
//! entity, `direction` is read from it to this neighbour.)
//!
//! `find`:
//! ```json
//! {"query": str, "total": int,
//!  "results": [{"id", "name", "label", "docs": int,
//!               "match": "exact" | "prefix" | "token" | "substring",
//!               "matched": str}]}      // the name or alias that matched
//! ```
//! `stats`:
//! ```json
//! {"nodes": int, "edges": int, "documents": int,
//!  "labels": {"Person": int, ...},            // every label, zero included
//!  "types": {"MET_WITH": int, ...},           // every relation type, zero included
//!  "top_degree": [{"id", "name", "label", "degree": int}],   // at most 10
//!  "components": int, "largest_component": int}
//! ```
//!
//! # Graphviz output (`--dot`)
//!
//! A `digraph` whose nodes are entity ids, labelled `name\nLabel` and filled with one colour
//! per label; edges go from a relation's source to its target, labelled with the type (and
//! date), `MET_WITH` drawn without arrowhead.

mod dates;
mod explore;
mod index;
mod names;
mod paths;
pub mod render;

pub use dates::{DateRange, PartialDate};
pub use explore::{entity_edges, neighbors, stats, EntityEdge, Neighbor, Stats};
pub use index::{GraphIndex, GraphReadError, IndexSections, QueryGraph, RecordSource};
pub use names::{find, normalize, resolve, Candidate, FindHit, MatchKind};
pub use paths::{
    all_shortest_paths, find_paths, k_shortest_paths, shortest_path, Direction, Filters, Hop, Path,
    PathMode, PathSet,
};

use crate::model::{Label, RelType};
use std::fmt;

/// What a query can fail with, besides an unreadable graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// No entity has this name, alias or id. `suggestions` are the closest names, best first.
    UnknownEntity {
        query: String,
        suggestions: Vec<Candidate>,
    },
    /// More than one entity has this name or alias; `candidates` in preference order.
    Ambiguous {
        query: String,
        candidates: Vec<Candidate>,
    },
    /// A malformed argument (relation type, label, date, empty search text).
    BadArgument(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::UnknownEntity { query, suggestions } => {
                write!(f, "no entity named {query:?}")?;
                if suggestions.is_empty() {
                    write!(f, " (try `newsgraph find`)")
                } else {
                    writeln!(f, "; did you mean:")?;
                    write_candidates(f, suggestions)
                }
            }
            QueryError::Ambiguous { query, candidates } => {
                writeln!(
                    f,
                    "{query:?} is ambiguous ({} candidates); give a node id, or --first to take the first:",
                    candidates.len()
                )?;
                write_candidates(f, candidates)
            }
            QueryError::BadArgument(msg) => f.write_str(msg),
        }
    }
}

fn write_candidates(f: &mut fmt::Formatter<'_>, list: &[Candidate]) -> fmt::Result {
    let name_w = list
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let id_w = list.iter().map(|c| c.id.chars().count()).max().unwrap_or(0);
    for (i, c) in list.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        let mut line = format!(
            "  {:<12}  {:<name_w$}  {:<id_w$}  {:>3} doc{}",
            c.label.as_str(),
            c.name,
            c.id,
            c.docs,
            if c.docs == 1 { " " } else { "s" }
        );
        if let Some(m) = &c.matched {
            line.push_str(&format!("  (as {m:?})"));
        }
        f.write_str(line.trim_end())?;
    }
    Ok(())
}

impl std::error::Error for QueryError {}

/// Parse one relation type (`MET_WITH`, `met_with`, `met-with`); for clap's `value_parser`.
pub fn parse_rel_type(s: &str) -> Result<RelType, String> {
    RelType::parse(s).ok_or_else(|| {
        let all: Vec<&str> = RelType::ALL.iter().map(|t| t.as_str()).collect();
        format!(
            "unknown relation type {s:?} (expected one of {})",
            all.join(", ")
        )
    })
}

/// Parse one label (`Person`, `person`); for clap's `value_parser`.
pub fn parse_label(s: &str) -> Result<Label, String> {
    Label::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Label::ALL.iter().map(|l| l.as_str()).collect();
        format!("unknown label {s:?} (expected one of {})", all.join(", "))
    })
}

/// Parse an ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; for clap's `value_parser`.
pub fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s)
        .ok_or_else(|| format!("invalid date {s:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)"))
}

/// Read a graph folder written by `newsgraph build`: its snapshot `graph.bin` when there is
/// one that matches the folder's files (the index at once, full records when asked for),
/// else the CSVs (everything, then indexed in memory). A snapshot that is corrupt is an
/// error naming it; one of another version, or older than the CSVs (edited by hand), is
/// passed over with a note in [`QueryGraph::warnings`]. See `export::snapshot`.
pub fn load_graph(dir: &std::path::Path) -> anyhow::Result<QueryGraph> {
    use anyhow::Context;
    if !dir.is_dir() {
        anyhow::bail!("cannot read graph folder {}: not a folder (build one with `newsgraph build ARTICLES --out {}`)", dir.display(), dir.display());
    }
    let context = || format!("cannot read graph folder {}", dir.display());
    let notes = match crate::export::snapshot::open(dir).with_context(context)? {
        crate::export::snapshot::Opened::Graph(g) => return Ok(*g),
        crate::export::snapshot::Opened::Missing => Vec::new(),
        crate::export::snapshot::Opened::Unusable(why) => vec![why],
    };
    let kg = crate::export::load(dir).with_context(context)?;
    Ok(QueryGraph::new(kg)
        .with_context(context)?
        .with_warnings(notes))
}

#[cfg(test)]
mod tests;
