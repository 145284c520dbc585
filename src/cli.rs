//! Command-line arguments (clap derive). Only `main.rs` uses this module.

use clap::{Args, Parser, Subcommand, ValueEnum};
use newsgraph::model::{Label, RelType};
use newsgraph::query::{self, DateRange, PartialDate};
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
    /// Documents are read and extracted on -j threads (default: one per core); the exports
    /// are byte-identical for any thread count and any input order. With --from-extracted
    /// the inputs are the extraction records of `newsgraph extract`, and the exports equal
    /// those of one build over all their documents, however the corpus was split.
    ///
    /// Examples:
    ///   newsgraph build tests/corpus --out graph/
    ///   newsgraph build tests/corpus -j1 --out graph/
    ///   newsgraph build --from-extracted parts/ --out graph/
    ///   newsgraph build feed.jsonl pages/ --out graph/
    ///   newsgraph build saved-page.txt --input-format html --out graph/
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// Extract documents into extraction records (JSON Lines on standard output)
    ///
    /// One line per document, in input order: the document's entities and relations with
    /// their evidence, as `newsgraph build --from-extracted` reads them back. No global
    /// state, so it can run on any split of the corpus, on many machines, and the records
    /// of all the parts build the same graph as one `build` over the whole corpus.
    ///
    /// Inputs are files, folders or `-`, read as for `build` (--input-format: plain text,
    /// JSON Lines {"id", "text", "title", "date", "url", "source"} per line, or HTML pages;
    /// a bad JSON line is a warning naming the file and line, and is skipped). The
    /// document's title, date, url and source go into its record. Give the same --lexicon
    /// to `build`.
    ///
    /// Examples:
    ///   newsgraph extract tests/corpus > part1.jsonl
    ///   find corpus -name '*.txt' | xargs -P 8 -n 1000 \
    ///     sh -c 'newsgraph extract -j1 "$@" > "$(mktemp parts/part-XXXXXX.jsonl)"' _
    ///   newsgraph build --from-extracted parts/ --out graph/
    ///
    /// Record (JSON, one line): {"newsgraph_extract": 1, "doc", "date", "entities":
    ///   [{label, name, named, aliases, acronyms, country, date, place}], "relations":
    ///   [{rel_type, source, target, title, date, evidence:{doc,start,end,sentence}}],
    ///   "words"} (source and target index entities)
    #[command(verbatim_doc_comment)]
    Extract(ExtractArgs),
    /// Show how two entities are connected, hop by hop, with the evidence of each hop
    ///
    /// Entities are named by canonical name, alias, acronym or node id (case, accents and
    /// punctuation ignored). Edges are followed both ways unless --directed. Exit status: 0
    /// when a path is found, 1 when there is none, 2 on error (unknown or ambiguous name,
    /// unreadable graph).
    ///
    /// Date filters (--since/--until) keep an edge when its date — or, for a relation with
    /// no date, the date of an endpoint (an event's) — overlaps the range; a partial date
    /// (2018, 2018-07) stands for its whole period. Edges with no date at all are dropped
    /// when a date filter is given, unless --undated.
    ///
    /// Examples:
    ///   newsgraph path "Cai Jianing" "Nicole Wong" --graph graph/
    ///   newsgraph path MOST Panama -k 3 --not-via BASED_IN
    ///   newsgraph path "Wang Zhigang" Argentina --all --through Person,Organization --since 2018
    ///
    /// JSON (--json): {"from":{id,name,label}, "to":{...}, "directed", "mode", "total",
    ///   "paths":[{"length", "nodes":[{id,name,label}], "hops":[{"type", "direction",
    ///   "from", "to", "date", "title", "docs", "evidence":[{doc,start,end,sentence}],
    ///   "evidence_total"}]}]}
    #[command(verbatim_doc_comment)]
    Path(PathArgs),
    /// Show one entity: names, documents, facts, and every relation with its evidence
    ///
    /// Relations are grouped by type; each line gives the direction read from this entity,
    /// the other end, its label, the title or date, and the documents.
    ///
    /// Example:
    ///   newsgraph show "Cai Jianing" --graph graph/
    ///
    /// JSON (--json): {"entity":{id,name,label,named,aliases,sources,country,date,place},
    ///   "degree", "relations":[{"type", "direction", "other":{id,name,label}, "date",
    ///   "title", "docs", "evidence", "evidence_total"}]}
    #[command(verbatim_doc_comment)]
    Show(ShowArgs),
    /// List the entities within N hops of one entity, with the relations that reach them
    ///
    /// Nearest first, then by name. Beyond depth 1 each neighbour shows the entity one hop
    /// closer that it is reached from.
    ///
    /// Examples:
    ///   newsgraph neighbors MOST
    ///   newsgraph neighbors "Wang Zhigang" --depth 2 --type MET_WITH,SIGNED --dot | dot -Tsvg > n.svg
    ///
    /// JSON (--json): {"entity":{id,name,label}, "depth", "total", "neighbors":[{"id",
    ///   "name", "label", "depth", "docs", "via":[{"type", "direction", "from", "date"}]}]}
    #[command(verbatim_doc_comment)]
    Neighbors(NeighborsArgs),
    /// Search entity names, aliases and ids
    ///
    /// Case, accents and punctuation are ignored. Results are ranked exact > prefix > token
    /// (every word of TEXT is a word of the name) > substring, then by number of documents.
    /// Exit status 1 when nothing matches.
    ///
    /// Example:
    ///   newsgraph find wang --label Person
    ///
    /// JSON (--json): {"query", "total", "results":[{"id", "name", "label", "docs",
    ///   "match": "exact"|"prefix"|"token"|"substring", "matched"}]}
    #[command(verbatim_doc_comment)]
    Find(FindArgs),
    /// Count entities and relations, rank entities by degree, measure connected components
    ///
    /// Components treat every relation as undirected; an entity without relations is a
    /// component of its own.
    ///
    /// Example:
    ///   newsgraph stats --graph graph/ --json
    ///
    /// JSON (--json): {"nodes", "edges", "documents", "labels":{"Person":n,...},
    ///   "types":{"MET_WITH":n,...}, "top_degree":[{id,name,label,degree}], "components",
    ///   "largest_component"}
    #[command(verbatim_doc_comment)]
    Stats(StatsArgs),
    /// Write the graph, or the part around one entity, as one self-contained HTML page
    ///
    /// The page needs no network: Cytoscape.js (MIT, vendored) and the data are inside it.
    /// Nodes are coloured by label and sized by their relations; a search box finds names
    /// and aliases; a click on an entity shows its names, properties and relations, a click
    /// on a relation its documents and evidence sentences. --around ENTITY (a name, alias,
    /// acronym or node id, as for `show`) keeps that entity and its neighbours within
    /// --depth hops. A graph larger than --max-nodes entities is cut to the best connected
    /// ones, with a warning. Exit status: 0 when written, 2 on error (unknown or ambiguous
    /// name, unreadable graph, unwritable file).
    ///
    /// Examples:
    ///   newsgraph view --graph graph/ --out graph.html
    ///   newsgraph view --graph graph/ --around "Cai Jianing" --depth 1 --out cai.html
    #[command(verbatim_doc_comment)]
    View(ViewArgs),
    /// Score an export folder against a gold file (same numbers as shared/eval/score.py)
    ///
    /// Reads every *.csv under GRAPH_DIR as neo4j-admin import files, matches nodes and
    /// relationships to the gold entities and relations (names normalized: case, accents,
    /// apostrophes and punctuation ignored), and prints precision, recall and F1 per label,
    /// per type and overall (micro). The table is always the last 14 lines of output.
    /// Exit status: 0 when it scored (however badly), 2 when an input cannot be read.
    ///
    /// Examples:
    ///   newsgraph build tests/corpus --out /tmp/g
    ///   newsgraph eval --gold tests/gold/seeds.json /tmp/g
    ///   newsgraph eval --gold tests/gold/seeds.json /tmp/g --explain
    ///
    /// JSON (--json): {"gold", "exports", "counts":{gold_docs, gold_entities, ...,
    ///   nodes, relationships, node_files, relationship_files}, "entities":{"Person":
    ///   {precision, recall, f1, tp, fp, fn, ignored}, ..., "all":{...}}, "relations":
    ///   {"MET_WITH":{...}, ..., "all":{...}}, "warnings", "explain" (with --explain:
    ///   entity_fp, entity_fn, relation_fp, relation_fn), "entity_f1", "relation_f1"}
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),
    /// Write or list the built-in dictionaries (schema/lexicon/*.tsv)
    ///
    /// `--lexicon DIR` (build, extract) reads every *.tsv of DIR named like a built-in file:
    /// a row adds an entry, a row whose first field equals a built-in entry's replaces it,
    /// and a row `-ENTRY` removes that entry. `lexicon dump DIR` writes the built-in files
    /// to start from; an unchanged dump builds exactly what no --lexicon builds.
    ///
    /// Examples:
    ///   newsgraph lexicon dump my-lexicon/
    ///   newsgraph lexicon list
    #[command(subcommand, verbatim_doc_comment)]
    Lexicon(LexiconCommand),
    /// Print the graph schema: labels, relation types, properties, ids, export columns
    ///
    /// The text is schema/graph.md, embedded in the binary. With --json: the same facts for
    /// programs (labels and their node files, relationship types with their files and
    /// direction, every property with its type and CSV header), from the code that writes
    /// the exports.
    Schema {
        /// Print JSON instead of the Markdown page.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script on standard output
    ///
    /// Examples:
    ///   newsgraph completions bash > ~/.local/share/bash-completion/completions/newsgraph
    ///   newsgraph completions zsh > ~/.zfunc/_newsgraph
    ///   newsgraph completions fish > ~/.config/fish/completions/newsgraph.fish
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output, or write one page per command
    ///
    /// Examples:
    ///   newsgraph man | man -l -
    ///   newsgraph man --out ~/.local/share/man/man1
    #[command(verbatim_doc_comment)]
    Man {
        /// Write newsgraph.1 and one newsgraph-COMMAND.1 per command into DIR instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold graph (JSON, format in shared/gold/GUIDE.md).
    #[arg(long, value_name = "GOLD.json")]
    pub gold: PathBuf,
    /// Folder searched recursively for neo4j-admin import CSV files (e.g. the output of
    /// `newsgraph build`).
    #[arg(value_name = "GRAPH_DIR")]
    pub graph: PathBuf,
    /// Before the table, list every false positive (with why) and false negative (with the
    /// gold evidence).
    #[arg(long)]
    pub explain: bool,
    /// Print the report as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Article files (.txt, .jsonl/.ndjson, .html/.htm), folders (searched recursively for
    /// those) or `-` for standard input (plain text unless --input-format says otherwise).
    /// With --from-extracted: extraction record files (folders searched for *.jsonl) or `-`.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The inputs are extraction records written by `newsgraph extract` (any split of the
    /// corpus, in any order): resolve them and write the exports. A document id found in
    /// two records is warned about; identical records count once, different ones are
    /// merged under that id (as two articles with the same file name are).
    #[arg(long, conflicts_with_all = ["input_format", "jsonl"])]
    pub from_extracted: bool,
    #[command(flatten)]
    pub input: InputFormatArg,
    #[command(flatten)]
    pub jobs: JobsArg,
    /// Folder to write the exports into (replaced only once the new exports are complete).
    #[arg(long, short)]
    pub out: PathBuf,
    #[command(flatten)]
    pub verbosity: Verbosity,
    /// Export formats to write, comma-separated: neo4j, graphml, gexf.
    #[arg(long, value_delimiter = ',', default_value = "neo4j,graphml,gexf")]
    pub format: Vec<newsgraph::export::ExportFormat>,
    /// A folder of your own dictionaries (`*.tsv` named like those in schema/lexicon/): a row
    /// adds an entry, or replaces the built-in entry with the same first field; a row
    /// `-ENTRY` removes that entry. `newsgraph lexicon dump DIR` writes the built-in files
    /// to start from.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Article files (.txt, .jsonl/.ndjson, .html/.htm), folders (searched recursively for
    /// those) or `-` for standard input (plain text unless --input-format says otherwise).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputFormatArg,
    #[command(flatten)]
    pub jobs: JobsArg,
    /// A folder of your own dictionaries, as for `build --lexicon` (give `build` the same).
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// How much to say on standard error.
#[derive(Args, Debug)]
pub struct Verbosity {
    /// Print less: -q drops the progress bar and the summary, -qq also the warnings (errors
    /// are always printed).
    #[arg(long, short, action = clap::ArgAction::Count, conflicts_with = "verbose")]
    pub quiet: u8,
    /// Print more: a note for every document read and the time of each phase.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// `newsgraph lexicon …`
#[derive(Subcommand, Debug)]
pub enum LexiconCommand {
    /// Write the built-in dictionaries into DIR, as a starting point for --lexicon DIR
    ///
    /// Writes every schema/lexicon/*.tsv embedded in the binary, byte for byte. Refuses to
    /// overwrite an existing file unless --force.
    ///
    /// Example:
    ///   newsgraph lexicon dump my-lexicon/
    #[command(verbatim_doc_comment)]
    Dump {
        /// Folder to write into (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in dictionary files with their number of entries
    List,
}

/// How the inputs are read.
#[derive(Args, Debug)]
pub struct InputFormatArg {
    /// How to read the inputs: auto (by extension: .jsonl/.ndjson JSON Lines, .html/.htm
    /// HTML, anything else and `-` plain text; folders searched for all of these), or text,
    /// jsonl or html for every input (folders searched only for that kind).
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "auto")]
    pub input_format: InputFormat,
    /// Same as --input-format jsonl (kept for old scripts).
    #[arg(long, hide = true, conflicts_with = "input_format")]
    pub jsonl: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Auto,
    Text,
    Jsonl,
    Html,
}

impl InputFormatArg {
    /// The format for `pipeline::Options::format`.
    pub fn get(&self) -> newsgraph::input::InputFormat {
        use newsgraph::input::InputFormat as F;
        if self.jsonl {
            return F::Jsonl;
        }
        match self.input_format {
            InputFormat::Auto => F::Auto,
            InputFormat::Text => F::Text,
            InputFormat::Jsonl => F::Jsonl,
            InputFormat::Html => F::Html,
        }
    }
}

/// How many threads read and extract.
#[derive(Args, Debug)]
pub struct JobsArg {
    /// Read and extract documents on N threads (default: one per core). The output does not
    /// depend on N.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
}

impl JobsArg {
    /// The thread count for `pipeline::Options::jobs` (0: one per core).
    pub fn get(&self) -> usize {
        self.jobs.map_or(0, |n| n as usize)
    }
}

/// Where the graph is.
#[derive(Args, Debug)]
pub struct GraphArg {
    /// Folder written by `newsgraph build`.
    #[arg(long, short, value_name = "DIR", default_value = "graph")]
    pub graph: PathBuf,
}

/// Text or JSON output.
#[derive(Args, Debug)]
pub struct JsonArg {
    /// Print one JSON document instead of text (schema in this command's --help).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct PathArgs {
    /// First entity: a name, alias, acronym or node id.
    pub from: String,
    /// Second entity.
    pub to: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Follow relations only from source to target (MET_WITH is followed both ways anyway).
    #[arg(long)]
    pub directed: bool,
    /// Every shortest path, not just one (at most --limit listed).
    #[arg(long, conflicts_with = "k")]
    pub all: bool,
    /// The N shortest simple paths (Yen's algorithm), shortest first.
    #[arg(short = 'k', long = "k-shortest", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub k: Option<u32>,
    /// With --all, list at most N paths (all are counted).
    #[arg(long, value_name = "N", default_value_t = 100, requires = "all")]
    pub limit: usize,
    /// Longest path considered, in hops.
    #[arg(long, value_name = "N")]
    pub max_hops: Option<usize>,
    /// Use only these relation types (comma-separated: MET_WITH,SIGNED,ATTENDED,AFFILIATED_WITH,BASED_IN).
    #[arg(long, value_name = "TYPE,...", value_delimiter = ',', value_parser = query::parse_rel_type)]
    pub via: Vec<RelType>,
    /// Never use these relation types.
    #[arg(long, value_name = "TYPE,...", value_delimiter = ',', value_parser = query::parse_rel_type)]
    pub not_via: Vec<RelType>,
    /// Intermediate entities only of these labels (Person,Organization,Country,Agreement,Event); the two ends are exempt.
    #[arg(long, value_name = "LABEL,...", value_delimiter = ',', value_parser = query::parse_label)]
    pub through: Vec<Label>,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Take the first candidate when a name is ambiguous (canonical-name matches first, then most documents).
    #[arg(long)]
    pub first: bool,
    /// Evidence sentences printed per hop (0 = all).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub evidence: usize,
    #[command(flatten)]
    pub json: JsonArg,
    /// Print a Graphviz digraph of the path(s) instead of text.
    #[arg(long, conflicts_with = "json")]
    pub dot: bool,
}

/// Date filters.
#[derive(Args, Debug)]
pub struct DateArgs {
    /// Only edges dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = query::parse_date)]
    pub since: Option<PartialDate>,
    /// Only edges dated on or before DATE (a partial date includes its whole period).
    #[arg(long, value_name = "DATE", value_parser = query::parse_date)]
    pub until: Option<PartialDate>,
    /// With --since/--until, keep edges that have no date at all.
    #[arg(long)]
    pub undated: bool,
}

impl DateArgs {
    pub fn range(&self) -> DateRange {
        DateRange {
            since: self.since,
            until: self.until,
            include_undated: self.undated,
        }
    }
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The entity: a name, alias, acronym or node id.
    pub entity: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Take the first candidate when the name is ambiguous.
    #[arg(long)]
    pub first: bool,
    /// Evidence sentences printed per relation (0 = all).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub evidence: usize,
    #[command(flatten)]
    pub json: JsonArg,
}

#[derive(Args, Debug)]
pub struct NeighborsArgs {
    /// The entity: a name, alias, acronym or node id.
    pub entity: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// How many hops out to go.
    #[arg(long, short, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Follow only these relation types (comma-separated).
    #[arg(long = "type", short = 't', value_name = "TYPE,...", value_delimiter = ',', value_parser = query::parse_rel_type)]
    pub types: Vec<RelType>,
    /// List and walk through only entities of these labels (comma-separated).
    #[arg(long, value_name = "LABEL,...", value_delimiter = ',', value_parser = query::parse_label)]
    pub label: Vec<Label>,
    /// Follow relations only from source to target (MET_WITH both ways anyway).
    #[arg(long)]
    pub directed: bool,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Take the first candidate when the name is ambiguous.
    #[arg(long)]
    pub first: bool,
    #[command(flatten)]
    pub json: JsonArg,
    /// Print a Graphviz digraph of the neighbourhood instead of text.
    #[arg(long, conflicts_with = "json")]
    pub dot: bool,
}

#[derive(Args, Debug)]
pub struct FindArgs {
    /// Text to look for in names, aliases and ids.
    pub text: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Only entities of these labels (comma-separated).
    #[arg(long, value_name = "LABEL,...", value_delimiter = ',', value_parser = query::parse_label)]
    pub label: Vec<Label>,
    /// Show at most N results (0 = all).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub json: JsonArg,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub json: JsonArg,
}

#[derive(Args, Debug)]
pub struct ViewArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// The HTML file to write (replaced atomically).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Show only this entity (a name, alias, acronym or node id) and its neighbourhood.
    #[arg(long, value_name = "ENTITY")]
    pub around: Option<String>,
    /// With --around: how many hops out to go.
    #[arg(
        long,
        short,
        value_name = "N",
        default_value_t = 2,
        requires = "around"
    )]
    pub depth: usize,
    /// Take the first candidate when the --around name is ambiguous.
    #[arg(long, requires = "around")]
    pub first: bool,
    /// Evidence sentences kept per relation (0 = all); the page says how many there are.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub evidence: usize,
    /// Most entities on the page (0 = no limit); beyond it the best connected (or, with
    /// --around, the nearest) are kept, with a warning.
    #[arg(long, value_name = "N", default_value_t = newsgraph::view::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
}
