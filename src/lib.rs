//! newsgraph: science-and-technology diplomacy news articles in, a knowledge graph out.
//!
//! The modules follow the data flow (see ARCHITECTURE.md):
//! `input` (files → documents) → `text` (sentences, tokens) → `extract` (mentions, local
//! entities and relations of one document) → `resolve` (one node per real-world entity
//! across documents) → `graph` (petgraph) → `export` (Neo4j CSV, Cypher, GraphML, GEXF) and
//! `query` (paths with evidence).

pub mod cancel;
pub mod date;
pub mod eval;
mod evidence;
pub mod export;
pub mod extract;
pub mod graph;
pub mod html;
pub mod input;
pub mod lexicon;
pub mod model;
mod ordered;
pub mod pipeline;
pub mod query;
pub mod records;
pub mod resolve;
mod spill;
pub mod text;
pub mod view;
