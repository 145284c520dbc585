//! Command-line arguments (clap derive). Only `main.rs` uses this module.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turn science-and-technology diplomacy news articles into a knowledge graph.
#[derive(Parser, Debug)]
#[command(name = "newsgraph", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract a graph from articles and write the exports (Neo4j CSV, Cypher, GraphML, GEXF).
    ///
    /// Example: newsgraph build tests/corpus --out graph/
    Build(BuildArgs),
    /// Show how two entities are connected, hop by hop, with the evidence of each hop.
    ///
    /// Example: newsgraph path "Cai Jianing" "Nicole Wong" --graph graph/
    Path(PathArgs),
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Article files, folders (searched recursively for *.txt) or `-` for standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Folder to write the exports into (replaced only once the new exports are complete).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Do not print the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct PathArgs {
    /// First entity: a name, alias, acronym or node id.
    pub from: String,
    /// Second entity.
    pub to: String,
    /// Folder written by `newsgraph build`.
    #[arg(long, short, default_value = "graph")]
    pub graph: PathBuf,
}
