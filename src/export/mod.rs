//! Exports: the graph written as Neo4j import CSVs (+ `import.sh`, LOAD CSV scripts),
//! GraphML and GEXF, into one folder, replaced atomically; and `load`, which reads the CSVs
//! back into the same `KnowledgeGraph`.
//!
//! ```no_run
//! # fn f(graph: &newsgraph::graph::KnowledgeGraph) -> anyhow::Result<()> {
//! use newsgraph::export::{self, ExportFormat};
//! let report = export::write(graph, "graph".as_ref(), &ExportFormat::ALL)?;
//! let again = export::load(&report.out)?;
//! # Ok(()) }
//! ```
//!
//! # Files
//!
//! With `ExportFormat::Neo4j`:
//!
//! - `nodes_<label>.csv`, one per label (`nodes_person.csv`, `nodes_organization.csv`,
//!   `nodes_country.csv`, `nodes_agreement.csv`, `nodes_event.csv`; always all five, a file
//!   may hold only its header). neo4j-admin header on the first line:
//!
//!   ```text
//!   id:ID(Entity),:LABEL,name,named:boolean,aliases:string[],sources:string[],country,date,place
//!   ```
//!
//!   One row per entity, sorted by id. All node files share the ID space `Entity`, and `id`
//!   is also stored as a property. `:LABEL` is `Entity;Person` (etc.), so one uniqueness
//!   constraint on `(:Entity {id})` serves every lookup. `named` is `true`/`false`.
//!   `sources` are the document ids. `country` (organizations), `date` and `place` (events)
//!   are empty — no property — when unknown. `date` is a **string** property, not
//!   `date`, because partial dates (`2018-07`, `2018`) are kept as the text gave them.
//!
//! - `rels_<type>.csv`, one per relationship type (`rels_met_with.csv`, `rels_signed.csv`,
//!   `rels_attended.csv`, `rels_affiliated_with.csv`, `rels_based_in.csv`):
//!
//!   ```text
//!   :START_ID(Entity),:END_ID(Entity),:TYPE,docs:string[],evidence,evidence_count:int,title,date,urls:string[]
//!   ```
//!
//!   One row per relation (the graph has one per (source, type, target)), sorted by
//!   (source, target). `docs`: the documents of its evidence. `evidence`: the first evidence
//!   sentence (evidence is sorted by document, then offset); `evidence_count`: how many
//!   sentences support it (all of them are in `evidence.jsonl`). `title`: the position held
//!   (AFFILIATED_WITH). `date`: ISO date text of the fact, when known. `urls`: the URLs
//!   of its documents (JSON Lines / HTML metadata, `Evidence::url`), empty when none; read
//!   back from `evidence.jsonl` only. MET_WITH is symmetric and stored once, source id <
//!   target id.
//!
//! - `import.sh`: the `neo4j-admin database import full neo4j --nodes=... --relationships=...`
//!   command with every reading option explicit (`--delimiter=','`
//!   `--array-delimiter=';'` `--quote='"'` `--id-type=string` `--multiline-fields=false`
//!   ...). Executable; `NEO4J_HOME=/path/to/neo4j sh import.sh`.
//! - `load.cypher`: LOAD CSV + MERGE script for an existing Neo4j 5 database (constraint
//!   `entity_id` on `:Entity(id)`, one statement per label and per type, `CALL { } IN
//!   TRANSACTIONS OF 1000 ROWS`, arrays through `split(..., ';')`, MERGE on the id then SET:
//!   idempotent). It only refers to CSV columns; no entity text is part of the Cypher.
//! - `load.falkordb.cypher`: the same for FalkorDB (a plain index instead of the constraint,
//!   no `CALL { } IN TRANSACTIONS`, which FalkorDB cannot parse).
//! - `evidence.jsonl`: what the CSVs cannot hold, so that `load` is exact. First line
//!   `{"format":"newsgraph-evidence","version":1}`; then `{"entity":{...}}` for each entity
//!   whose CSV row does not read back exactly (see "CSV values" below; usually none), then
//!   `{"relation":{...}}` for every relation with all its evidence (`doc`, `start`, `end`,
//!   `sentence`), in CSV order. Fields as in `model` (serde).
//! - `graph.bin`: the query snapshot (see [`snapshot`]): the index a query needs (node
//!   table, incidence lists, normalized names) in a form read in milliseconds, each entity's
//!   full record, and where each relation's line is in `evidence.jsonl`. `newsgraph path`,
//!   `show`, ... read it instead of the CSVs when it matches them (`query::load_graph`).
//!   Binary, little-endian, deterministic.
//!
//! With `ExportFormat::GraphMl`: `graph.graphml` — GraphML 1.0 (namespace and schema location,
//! all `<key>`s before `<graph id="newsgraph" edgedefault="directed">`). Node ids are the
//! entity ids; node keys `label` (the name, what Gephi displays), `kind` (the label),
//! `named` (boolean), `aliases` and `sources` (joined with `"; "`), `country`, `date`,
//! `place`; edges `e0`, `e1`, ... in CSV order, keys `e_label` (attr.name `label`: the type,
//! shown by Gephi), `type`, `docs` (joined with `"; "`), `evidence` (first sentence),
//! `evidence_count` (int), `title`, `e_date` (attr.name `date`), `urls` (joined with
//! `"; "`), `weight` (double: the
//! number of evidence sentences, always > 0). Absent values have no `<data>`. Every text
//! goes through one escaping function (`xml::escape_into`): `& < > " '` escaped, tab/LF/CR
//! as character references, characters XML 1.0 forbids (NUL, `\x0b`, `\x0c`, ...) replaced
//! by U+FFFD. Read by networkx, igraph, Gephi; valid against graphml.xsd.
//!
//! With `ExportFormat::Gexf`: `graph.gexf` — GEXF 1.3 (`http://gexf.net/1.3`) for Gephi,
//! `mode="dynamic" timeformat="date"`. Nodes carry `label` (name), attributes `kind`,
//! `named`, `aliases`, `sources`, `country`, `date`, `place`, a `viz:color` per label —
//! Person #1f77b4 blue, Organization #ff7f0e orange, Country #2ca02c green, Agreement
//! #d62728 red, Event #9467bd purple (matplotlib tab10) — and `viz:size` = 10 + 5·√degree.
//! Edges: `label` and `kind` = the type (so Gephi does not merge parallel edges of different
//! types), `weight` = number of evidence sentences, attributes `type`, `docs`, `evidence`,
//! `evidence_count`, `title`, `date`, `urls`. Timeline: an edge's `start` is its own date, else the
//! date of an Event at either end; a node's `start` is the earliest of its own date and its
//! edges' starts; partial dates are padded (`2018-07` → `2018-07-01`); no date, no `start`
//! (always visible).
//!
//! Always: `manifest.json` — `{"format":"newsgraph-export","version":1,"generator",
//! "nodes","relationships","formats","files":[{"name","bytes","rows"}]}`: marks the folder
//! as a newsgraph export and gives each file's size (and each CSV's row count), which `load`
//! checks for the files it reads: a truncated or missing file is an error (delete the
//! manifest to load hand-edited CSVs).
//!
//! Output is deterministic: the same graph gives byte-identical files.
//!
//! # CSV values and the array delimiter
//!
//! CSVs are UTF-8 without BOM, `,`-separated, LF line ends, RFC 4180 quoting only where
//! needed (csv crate, `QuoteStyle::Necessary`; `""` for a quote). Arrays and `:LABEL` use
//! neo4j-admin's default delimiter `;` (which `score.py` also hard-codes), so no array
//! element may contain one:
//!
//! - in array elements (`aliases`, `sources`, `docs`) `;` is replaced by `,`, surrounding
//!   whitespace is trimmed and empty elements are dropped;
//! - in every field CR, LF and NUL become a space (so no `--multiline-fields` is needed), and
//!   a backslash right before a `"` or at the end of a field becomes U+FF3C `＼` (LOAD CSV
//!   reads `\"` as an escaped quote);
//! - nothing else changes: `name`, `evidence`, `title` keep `;`, quotes, tabs, leading
//!   `=`/`+`/`-`/`@` (these files are for graph databases, not spreadsheets).
//!
//! The exact values of an entity hit by one of these rules are in `evidence.jsonl`.
//!
//! # Loading (`load`)
//!
//! `load(dir)` reads every `nodes_*.csv` and `rels_*.csv` (columns found by header name,
//! extra columns ignored; `id:ID(Entity)`, `:LABEL`, `name` and `:START_ID(Entity)`,
//! `:END_ID(Entity)`, `:TYPE` required). The CSVs decide which entities and relations exist
//! and their values; a record of `evidence.jsonl` replaces the CSV-derived value only when
//! writing that record gives exactly the CSV row (so hand-edited rows win). Without a
//! matching record, a relation's evidence is one entry per `docs` document, offsets 0, the
//! `evidence` sentence on the first. Errors name the file and line: bad quoting, a row
//! whose field count differs from the header, an unknown label or type, a duplicate id or
//! relation, an endpoint that is no node, a size or row count different from the manifest's.
//! `load(write(g)) == g` for every field of the model.
//!
//! # Atomic replacement (`write`)
//!
//! Every file is rendered straight into (and fsynced in) a fresh folder
//! `.<out>.tmp-<pid>-<n>` beside `out` through a buffer, so an export is never held whole
//! in memory; files are written in parallel on the current rayon pool (run `write` inside
//! `pipeline::with_threads` to choose the thread count), `graph.bin` right after
//! `evidence.jsonl` (it indexes that file's lines as they were written), `manifest.json`
//! last. Only when
//! all are written is the new folder put in place. On Linux an existing `out` and the new
//! folder are exchanged in one `renameat2(RENAME_EXCHANGE)`, so `out` is never absent, and
//! the old export (now under the temporary name) is deleted. Where that is not available,
//! `out` is renamed to `.<out>.old-<pid>-<n>`, the new folder renamed to `out` (if that
//! fails the old export is renamed back), and the old one deleted. On any failure, and on
//! a stop request (`cancel`), the temporary folder is removed and `out` is left as it was.
//! Readers never see a mix of old and new files. A crash (power loss, SIGKILL) can leave a
//! `.<out>.tmp-*` or `.<out>.old-*` folder beside `out`; the next `write` to `out` removes
//! those whose process is gone (a warning names them).
//!
//! `write` refuses (and touches nothing) when `out` is a file or a symbolic link, or a
//! non-empty folder that is not a newsgraph export: it must hold a `manifest.json` of
//! format `newsgraph-export` (or `import.sh` and a `nodes_*.csv`), and nothing but files
//! an export consists of (`nodes_*.csv`, `rels_*.csv`, `*.cypher`, `import.sh`,
//! `evidence.jsonl`, `graph.bin`, `graph.graphml`, `graph.gexf`, `manifest.json`, plus
//! neo4j-admin's `import.report` and `.DS_Store`). Anything else — a subfolder, a user's
//! file — makes it refuse with an error naming it, so no user data is ever deleted.
//!
//! `write` also refuses a graph an export cannot represent: an entity id that is not an XML
//! NMTOKEN (model ids are), two relations with the same (source, type, target), or a
//! relation without evidence.

mod gexf;
mod graphml;
mod load;
mod manifest;
mod neo4j;
pub mod snapshot;
pub mod xml;

pub use gexf::{color as gexf_color, gexf_date};
pub use load::load;
pub use manifest::{Manifest, MANIFEST_FILE};
pub use neo4j::{
    clean_element, clean_scalar, node_file, rel_file, ARRAY_DELIMITER, EVIDENCE_FILE,
    IMPORT_SCRIPT, LOAD_CYPHER, LOAD_FALKORDB, NODE_HEADER, REL_HEADER,
};
pub use snapshot::SNAPSHOT_FILE;
pub use {gexf::GEXF_FILE, graphml::GRAPHML_FILE};

use crate::graph::KnowledgeGraph;
use crate::model::{Label, RelType};
use anyhow::{bail, Context};
use manifest::{FileEntry, MANIFEST_FORMAT, MANIFEST_VERSION};
use std::collections::BTreeSet;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportFormat {
    /// Neo4j admin-import CSVs, `import.sh`, LOAD CSV scripts, `evidence.jsonl`.
    Neo4j,
    /// `graph.graphml`.
    GraphMl,
    /// `graph.gexf`.
    Gexf,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::Neo4j,
        ExportFormat::GraphMl,
        ExportFormat::Gexf,
    ];

    /// `neo4j`, `graphml`, `gexf`.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Neo4j => "neo4j",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
        }
    }

    /// Case-insensitive parse of a format name.
    pub fn parse(s: &str) -> Option<ExportFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExportFormat::parse(s)
            .ok_or_else(|| format!("unknown export format {s:?} (expected neo4j, graphml or gexf)"))
    }
}

/// What `write` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteReport {
    /// The export folder (as given).
    pub out: PathBuf,
    /// The files written, sorted by name.
    pub files: Vec<String>,
    pub nodes: usize,
    pub relationships: usize,
    /// Whether a previous export was replaced.
    pub replaced: bool,
    /// Non-fatal problems (e.g. the previous export could not be deleted after the swap).
    pub warnings: Vec<String>,
}

/// One file of the export: its name and how to write it. `render` returns the number of
/// data rows for a CSV file.
struct Spec<'g> {
    name: String,
    executable: bool,
    /// The file this one is rendered right after, by the same thread, because it reads
    /// what that one left (`graph.bin` indexes the lines of `evidence.jsonl`).
    after: Option<&'static str>,
    #[allow(clippy::type_complexity)]
    render: Box<dyn Fn(&mut dyn Write) -> anyhow::Result<Option<usize>> + Sync + 'g>,
}

/// The graph schema for programs (`newsgraph schema --json`): labels with their node files,
/// relationship types with their files and whether they are symmetric, and the properties
/// of nodes and relationships with their types and CSV headers, all from the constants the
/// exports are written with.
pub fn schema_json() -> String {
    let properties = |header: &[&str]| -> Vec<serde_json::Value> {
        header
            .iter()
            .filter_map(|&field| {
                let (name, ty) = neo4j::header_property(field)?;
                Some(serde_json::json!({ "name": name, "type": ty, "csv_header": field }))
            })
            .collect()
    };
    let schema = serde_json::json!({
        "format": "newsgraph-schema",
        "version": 1,
        "node_labels": Label::ALL.iter().map(|&l| serde_json::json!({
            "label": l.as_str(),
            "csv_file": node_file(l),
            "also_labelled": neo4j::ENTITY_LABEL,
        })).collect::<Vec<_>>(),
        "relationship_types": RelType::ALL.iter().map(|&t| serde_json::json!({
            "type": t.as_str(),
            "csv_file": rel_file(t),
            "symmetric": t.is_symmetric(),
        })).collect::<Vec<_>>(),
        "node_properties": properties(&neo4j::NODE_HEADER),
        "relationship_properties": properties(&neo4j::REL_HEADER),
        "node_csv_header": neo4j::NODE_HEADER,
        "relationship_csv_header": neo4j::REL_HEADER,
        "files": {
            "evidence": EVIDENCE_FILE,
            "graphml": GRAPHML_FILE,
            "gexf": GEXF_FILE,
            "snapshot": SNAPSHOT_FILE,
            "manifest": MANIFEST_FILE,
            "import_script": IMPORT_SCRIPT,
            "load_cypher": LOAD_CYPHER,
        },
    });
    serde_json::to_string_pretty(&schema).expect("the schema always serializes")
}

/// Write the exports of `graph` in `formats` into the folder `out`, replacing a previous
/// export there atomically (see the module docs).
pub fn write(
    graph: &KnowledgeGraph,
    out: &Path,
    formats: &[ExportFormat],
) -> anyhow::Result<WriteReport> {
    write_with(graph, out, formats, &|_| Ok(()))
}

/// `write`, calling `fault` at each step (`file <name>`, `swap`) so tests can make it fail.
fn write_with(
    graph: &KnowledgeGraph,
    out: &Path,
    formats: &[ExportFormat],
    fault: &Fault,
) -> anyhow::Result<WriteReport> {
    let formats: BTreeSet<ExportFormat> = formats.iter().copied().collect();
    if formats.is_empty() {
        bail!("no export format selected (expected neo4j, graphml and/or gexf)");
    }
    let files = plan(graph, &formats);
    let existed = check_target(out)?;

    let name = out
        .file_name()
        .with_context(|| {
            format!(
                "cannot write exports to {:?}: give a folder name",
                out.display()
            )
        })?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tag = format!("{}-{n}", std::process::id());
    let tmp = parent.join(format!(".{name}.tmp-{tag}"));
    let old = parent.join(format!(".{name}.old-{tag}"));
    let mut warnings = remove_stale(&parent, &name);
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .with_context(|| format!("cannot remove the stale folder {}", tmp.display()))?;
    }
    std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;

    // The graph is checked while its files are written (nothing is moved into place
    // unless it passes).
    let (valid, written) = rayon::join(
        || validate(graph),
        || write_files(&tmp, graph, &formats, &files, fault),
    );
    if let Err(e) = valid {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.context(format!(
            "writing the exports failed; {} left unchanged",
            out.display()
        )));
    }

    if existed && swap_folders(&tmp, out, fault)? {
        // `tmp` now holds the previous export.
        if let Err(e) = std::fs::remove_dir_all(&tmp) {
            warnings.push(format!(
                "could not delete the previous export {}: {e}",
                tmp.display()
            ));
        }
    } else if existed {
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(anyhow::Error::new(e).context(format!(
                "cannot move the previous export {} aside; it is left unchanged",
                out.display()
            )));
        }
        if let Err(e) = fault("swap").and_then(|()| std::fs::rename(&tmp, out)) {
            let restored = std::fs::rename(&old, out).is_ok();
            let _ = std::fs::remove_dir_all(&tmp);
            let what = if restored {
                format!("the previous export {} is left unchanged", out.display())
            } else {
                format!("the previous export is at {}", old.display())
            };
            return Err(anyhow::Error::new(e)
                .context(format!("cannot move the new export into place; {what}")));
        }
        if let Err(e) = std::fs::remove_dir_all(&old) {
            warnings.push(format!(
                "could not delete the previous export {}: {e}",
                old.display()
            ));
        }
    } else if let Err(e) = fault("swap").and_then(|()| std::fs::rename(&tmp, out)) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(anyhow::Error::new(e).context(format!("cannot create {}", out.display())));
    }
    if let Ok(dir) = std::fs::File::open(&parent) {
        let _ = dir.sync_all();
    }

    let mut names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    names.push(MANIFEST_FILE.to_owned());
    names.sort();
    Ok(WriteReport {
        out: out.to_path_buf(),
        files: names,
        nodes: graph.node_count(),
        relationships: graph.edge_count(),
        replaced: existed,
        warnings,
    })
}

/// Exchange the folders `new` and `out` in one step (Linux `renameat2(RENAME_EXCHANGE)`),
/// so that `out` is never absent, not even for an instant, and a crash leaves either the
/// old or the new export there. `Ok(false)` when the system or file system cannot, and the
/// caller falls back on two renames; on any other failure `new` is removed and `out` left as
/// it was.
fn swap_folders(new: &Path, out: &Path, fault: &Fault) -> anyhow::Result<bool> {
    let failed = |e: std::io::Error| {
        let _ = std::fs::remove_dir_all(new);
        Err(anyhow::Error::new(e).context(format!(
            "cannot move the new export into place; the previous export {} is left unchanged",
            out.display()
        )))
    };
    if let Err(e) = fault("swap") {
        return failed(e);
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        let (Ok(a), Ok(b)) = (c(new), c(out)) else {
            return Ok(false);
        };
        // SAFETY: two valid NUL-terminated paths relative to the current directory; the
        // syscall reads them and touches no memory of ours.
        let r = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP | libc::EPERM) => Ok(false),
            _ => failed(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (new, out);
        Ok(false)
    }
}

/// Remove the `.<name>.tmp-<pid>-<n>` and `.<name>.old-<pid>-<n>` folders beside `out` that
/// a build killed before it could clean up left behind: those whose process is gone. A
/// folder of a running process (another build writing the same `out`) is left alone. The
/// warnings name what was removed.
fn remove_stale(parent: &Path, name: &str) -> Vec<String> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return removed;
    };
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = prefixes.iter().find_map(|p| file.strip_prefix(p.as_str())) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir())
            && std::fs::remove_dir_all(entry.path()).is_ok()
        {
            removed.push(format!(
                "removed {}, left by an interrupted build",
                entry.path().display()
            ));
        }
    }
    removed.sort();
    removed
}

/// Whether a process with this id exists (on other systems than Unix: assumed so).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Check, before any work, that `out` can receive the exports of a build of `inputs`: it
/// must not be a file, a symbolic link or a folder that is not an export (as `write`
/// checks), and it must not lie inside an input folder (or be one), where the next build
/// would read the exports as input and `write` could replace the articles.
pub fn check_out(out: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    check_target(out)?;
    let Some(out_abs) = absolute(out) else {
        return Ok(());
    };
    for input in inputs {
        if input.as_os_str() == "-" || !input.is_dir() {
            continue;
        }
        if let Ok(dir) = std::fs::canonicalize(input) {
            if out_abs.starts_with(&dir) {
                bail!(
                    "--out {} is inside the input folder {}: the exports would be read as input by the next build; choose a folder outside it",
                    out.display(),
                    input.display()
                );
            }
        }
    }
    Ok(())
}

/// `p` with its longest existing ancestor canonicalized (symbolic links and `..` resolved)
/// and the rest appended, `..` applied to it.
fn absolute(p: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(p)
    };
    let mut seen = PathBuf::new();
    let mut abs = PathBuf::new();
    let mut exists = true;
    for part in p.components() {
        seen.push(part);
        if exists {
            if let Ok(c) = std::fs::canonicalize(&seen) {
                abs = c;
                continue;
            }
            exists = false;
        }
        match part {
            Component::ParentDir => {
                abs.pop();
            }
            Component::Normal(x) => abs.push(x),
            _ => {}
        }
    }
    Some(abs)
}

/// Refuse graphs the exports cannot represent faithfully.
fn validate(graph: &KnowledgeGraph) -> anyhow::Result<()> {
    for e in graph.entities() {
        if !xml::is_nmtoken(&e.id) {
            bail!(
                "cannot export entity {:?} ({}): its id {:?} is not a valid node id \
                 (letters, digits, '-', '.', ':', '_' only)",
                e.name,
                e.label,
                e.id
            );
        }
    }
    let mut seen = BTreeSet::new();
    for e in graph.graph.edge_indices() {
        let r = graph.relation(e);
        if !graph.has_evidence(e) {
            bail!(
                "cannot export: relation {} -[{}]-> {} has no evidence",
                r.source,
                r.rel_type,
                r.target
            );
        }
        if !seen.insert((&r.source, r.rel_type, &r.target)) {
            bail!(
                "cannot export: relation {} -[{}]-> {} appears twice (merge its evidence into one relation)",
                r.source,
                r.rel_type,
                r.target
            );
        }
    }
    Ok(())
}

/// Every file of the export but the manifest, sorted by name, not yet rendered.
fn plan<'g>(graph: &'g KnowledgeGraph, formats: &BTreeSet<ExportFormat>) -> Vec<Spec<'g>> {
    let mut files: Vec<Spec<'g>> = Vec::new();
    fn text<'g>(name: &str, executable: bool, text: impl Fn() -> String + Sync + 'g) -> Spec<'g> {
        Spec {
            name: name.to_owned(),
            executable,
            after: None,
            render: Box::new(move |w| {
                w.write_all(text().as_bytes())?;
                Ok(None)
            }),
        }
    }
    if formats.contains(&ExportFormat::Neo4j) {
        for label in Label::ALL {
            files.push(Spec {
                name: node_file(label),
                executable: false,
                after: None,
                render: Box::new(move |w| {
                    let rows = graph
                        .graph
                        .node_indices()
                        .filter(|&n| graph.graph[n].label == label)
                        .map(|n| neo4j::entity_row(&graph.entity_full(n)));
                    Ok(Some(neo4j::write_csv(w, &neo4j::NODE_HEADER, rows)?))
                }),
            });
        }
        for t in RelType::ALL {
            files.push(Spec {
                name: rel_file(t),
                executable: false,
                after: None,
                render: Box::new(move |w| {
                    let rows = graph
                        .graph
                        .edge_indices()
                        .filter(|&e| graph.relation(e).rel_type == t)
                        .map(|e| {
                            let brief = graph.relation_brief(e)?;
                            Ok(neo4j::relation_row_of(graph.relation(e), &brief))
                        });
                    Ok(Some(neo4j::write_csv_rows(w, &neo4j::REL_HEADER, rows)?))
                }),
            });
        }
        files.push(text(IMPORT_SCRIPT, true, neo4j::import_sh));
        files.push(text(LOAD_CYPHER, false, || {
            neo4j::load_script(neo4j::Dialect::Neo4j)
        }));
        files.push(text(LOAD_FALKORDB, false, || {
            neo4j::load_script(neo4j::Dialect::FalkorDb)
        }));
        // The lines of `evidence.jsonl` as written, for the snapshot's index.
        let lines = std::sync::Arc::new(std::sync::Mutex::new(None));
        let measured = lines.clone();
        files.push(Spec {
            name: EVIDENCE_FILE.into(),
            executable: false,
            after: None,
            render: Box::new(move |w| {
                let mut w = snapshot::Measured {
                    inner: w,
                    lines: Default::default(),
                };
                neo4j::write_evidence_jsonl(graph, &mut w)?;
                *measured.lock().unwrap_or_else(|e| e.into_inner()) = Some(w.lines);
                Ok(None)
            }),
        });
        files.push(Spec {
            name: SNAPSHOT_FILE.into(),
            executable: false,
            after: Some(EVIDENCE_FILE),
            render: Box::new(move |w| {
                let lines = lines.lock().unwrap_or_else(|e| e.into_inner());
                let lines = lines
                    .as_ref()
                    .with_context(|| format!("{EVIDENCE_FILE} was not written"))?;
                snapshot::write_snapshot(graph, lines, w)?;
                Ok(None)
            }),
        });
    }
    if formats.contains(&ExportFormat::GraphMl) {
        files.push(Spec {
            name: GRAPHML_FILE.into(),
            executable: false,
            after: None,
            render: Box::new(move |w| {
                graphml::write_graphml(graph, w)?;
                Ok(None)
            }),
        });
    }
    if formats.contains(&ExportFormat::Gexf) {
        files.push(Spec {
            name: GEXF_FILE.into(),
            executable: false,
            after: None,
            render: Box::new(move |w| {
                gexf::write_gexf(graph, w)?;
                Ok(None)
            }),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// A writer that counts the bytes written through it.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        crate::cancel::check()?;
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A hook called before each step of `write_with` (tests make it fail).
type Fault = dyn Fn(&str) -> std::io::Result<()> + Sync;

/// Render every file straight into `dir` (streamed through a buffer, so memory never holds
/// a whole export; files are written in parallel on the current rayon pool, the largest
/// first; a file with `after` right after that file), then the manifest with their sizes
/// and row counts. The first failure in name order is returned.
fn write_files(
    dir: &Path,
    graph: &KnowledgeGraph,
    formats: &BTreeSet<ExportFormat>,
    files: &[Spec],
    fault: &Fault,
) -> anyhow::Result<()> {
    type Written = anyhow::Result<(u64, Option<usize>)>;
    // The files with one line or element per relation, evidence included, take longest:
    // start them first so that no thread is left with a big one at the end.
    let cost = |name: &str| match name {
        EVIDENCE_FILE | GEXF_FILE | GRAPHML_FILE => 0,
        n if n.starts_with("rels_") || n.ends_with(".bin") => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].after.is_none())
        .collect();
    order.sort_by_key(|&i| (cost(&files[i].name), i));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Written>>> =
        files.iter().map(|_| std::sync::Mutex::new(None)).collect();
    // Each written file is flushed to disk by one more thread while the others render
    // (a build writes hundreds of megabytes: fsync on the rendering threads left them
    // waiting for the disk). Every file is synced before the manifest is written.
    let (sync_queue, sync_jobs) = std::sync::mpsc::channel::<(usize, std::fs::File)>();
    let sync_failures = std::thread::scope(|threads| {
        let syncer = threads.spawn(move || {
            let mut failures = Vec::new();
            for (i, file) in sync_jobs {
                if let Err(e) = file.sync_all() {
                    failures.push((i, e));
                }
            }
            failures
        });
        rayon::scope(|scope| {
            for _ in 0..rayon::current_num_threads().min(order.len()) {
                let sync_queue = sync_queue.clone();
                let (next, slots, order) = (&next, &slots, &order);
                scope.spawn(move |_| loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let followers = (files.iter().enumerate())
                        .filter(|(_, f)| f.after == Some(files[i].name.as_str()));
                    for (i, f) in std::iter::once((i, &files[i])).chain(followers) {
                        let result = write_file(dir, &f.name, f.executable, &*f.render, fault).map(
                            |(bytes, rows, file)| {
                                // The syncer outlives the workers: sending cannot fail.
                                let _ = sync_queue.send((i, file));
                                (bytes, rows)
                            },
                        );
                        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    }
                });
            }
        });
        drop(sync_queue);
        syncer.join()
    });
    let sync_failures = sync_failures.map_err(|_| {
        anyhow::anyhow!("cannot write the exports: the thread syncing them to disk failed")
    })?;
    let mut written: Vec<Written> = slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every file was written by a worker")
        })
        .collect();
    for (i, e) in sync_failures {
        if written[i].is_ok() {
            let path = dir.join(&files[i].name);
            written[i] =
                Err(anyhow::Error::new(e).context(format!("cannot write {}", path.display())));
        }
    }
    let mut entries = Vec::new();
    for (f, result) in files.iter().zip(written) {
        let (bytes, rows) = result?;
        entries.push(FileEntry {
            name: f.name.clone(),
            bytes,
            rows,
        });
    }
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        version: MANIFEST_VERSION,
        generator: format!("newsgraph {}", env!("CARGO_PKG_VERSION")),
        nodes: graph.node_count(),
        relationships: graph.edge_count(),
        formats: formats.iter().map(|f| f.name().to_owned()).collect(),
        files: entries,
    };
    let json = manifest.to_json()?;
    let (_, _, file) = write_file(
        dir,
        MANIFEST_FILE,
        false,
        &|w| {
            w.write_all(json.as_bytes())?;
            Ok(None)
        },
        fault,
    )?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", dir.join(MANIFEST_FILE).display()))?;
    Ok(())
}

/// Create `dir/name` and render into it through a buffer; its size, rows and the file
/// (flushed to the system, not yet synced to disk).
fn write_file(
    dir: &Path,
    name: &str,
    executable: bool,
    render: &dyn Fn(&mut dyn Write) -> anyhow::Result<Option<usize>>,
    fault: &Fault,
) -> anyhow::Result<(u64, Option<usize>, std::fs::File)> {
    let path = dir.join(name);
    fault(&format!("file {name}"))
        .and_then(|()| crate::cancel::check())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let file = std::fs::File::create(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = Counting {
        inner: std::io::BufWriter::with_capacity(1 << 16, file),
        bytes: 0,
    };
    let rows = render(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
    let file = w
        .inner
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    if executable {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = executable;
    Ok((w.bytes, rows, file))
}

/// Write one file atomically: `bytes` go to `.<name>.tmp-<pid>-<n>` beside `path`, are
/// fsynced, and the temporary file is renamed over `path`, so a reader sees the old file or
/// the whole new one, never a part (used by `newsgraph view`). Refuses a folder at `path`.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path.is_dir() {
        bail!("{} is a folder; give a file name", path.display());
    }
    let name = path
        .file_name()
        .with_context(|| format!("cannot write {:?}: give a file name", path.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = parent.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .with_context(|| format!("cannot write {}", tmp.display()))
        .and_then(|()| {
            std::fs::rename(&tmp, path)
                .with_context(|| format!("cannot move {} to {}", tmp.display(), path.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Whether a file name is one an export folder may hold.
fn is_export_file_name(name: &str) -> bool {
    (name.starts_with("nodes_") || name.starts_with("rels_")) && name.ends_with(".csv")
        || name.ends_with(".cypher")
        || matches!(
            name,
            IMPORT_SCRIPT
                | EVIDENCE_FILE
                | SNAPSHOT_FILE
                | GRAPHML_FILE
                | GEXF_FILE
                | MANIFEST_FILE
                | "import.report"
                | ".DS_Store"
        )
}

/// Check that `out` may be (re)placed; returns whether it exists.
fn check_target(out: &Path) -> anyhow::Result<bool> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", out.display())),
    };
    if meta.file_type().is_symlink() {
        bail!(
            "{} is a symbolic link; give the folder it points to as --out",
            out.display()
        );
    }
    if !meta.is_dir() {
        bail!(
            "{} exists and is not a folder; refusing to replace it",
            out.display()
        );
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(out).with_context(|| format!("cannot list {}", out.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", out.display()))?;
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        entries.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    if entries.is_empty() {
        return Ok(true);
    }
    entries.sort();
    let looks_like_export = manifest::has_newsgraph_manifest(out)
        || (entries.iter().any(|(n, _)| n == IMPORT_SCRIPT)
            && entries
                .iter()
                .any(|(n, _)| n.starts_with("nodes_") && n.ends_with(".csv")));
    if !looks_like_export {
        bail!(
            "{} is a non-empty folder that is not a newsgraph export (no {MANIFEST_FILE}); \
             refusing to replace it: choose another --out or empty it",
            out.display()
        );
    }
    if let Some((stray, _)) = entries.iter().find(|(n, f)| !*f || !is_export_file_name(n)) {
        bail!(
            "{} holds {stray:?}, which is not part of a newsgraph export; refusing to replace \
             the folder (and delete it): move it away or choose another --out",
            out.display()
        );
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Evidence, Relation};

    fn tiny() -> KnowledgeGraph {
        let ent = |id: &str, label, name: &str| Entity {
            id: id.into(),
            label,
            name: name.into(),
            named: true,
            aliases: Default::default(),
            sources: ["d.txt".to_string()].into(),
            country: None,
            date: None,
            place: None,
        };
        let rel = Relation {
            rel_type: RelType::MetWith,
            source: "person:a".into(),
            target: "person:b".into(),
            title: None,
            date: None,
            evidence: [Evidence {
                doc: "d.txt".into(),
                start: 0,
                end: 5,
                sentence: "A met B.".into(),
                ..Evidence::default()
            }]
            .into(),
        };
        KnowledgeGraph::new(
            vec![
                ent("person:a", Label::Person, "A"),
                ent("person:b", Label::Person, "B"),
            ],
            vec![rel],
        )
        .0
    }

    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }

    fn siblings(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn formats_parse() {
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::parse(f.name()), Some(f));
            assert_eq!(f.name().to_uppercase().parse::<ExportFormat>(), Ok(f));
        }
        assert!("csv".parse::<ExportFormat>().is_err());
    }

    #[test]
    fn failure_while_writing_keeps_the_old_export() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("graph");
        write(&tiny(), &out, &ExportFormat::ALL).unwrap();
        let before = snapshot(&out);
        let fail_on_gexf = |step: &str| {
            if step == "file graph.gexf" {
                Err(std::io::Error::other("disk full"))
            } else {
                Ok(())
            }
        };
        let err = write_with(
            &KnowledgeGraph::default(),
            &out,
            &ExportFormat::ALL,
            &fail_on_gexf,
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("disk full"), "{err:#}");
        assert_eq!(snapshot(&out), before);
        assert_eq!(siblings(root.path()), ["graph"]);
    }

    #[test]
    fn failure_while_swapping_restores_the_old_export() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("graph");
        write(&tiny(), &out, &ExportFormat::ALL).unwrap();
        let before = snapshot(&out);
        let fail_swap = |step: &str| {
            if step == "swap" {
                Err(std::io::Error::other("rename refused"))
            } else {
                Ok(())
            }
        };
        let err = write_with(
            &KnowledgeGraph::default(),
            &out,
            &ExportFormat::ALL,
            &fail_swap,
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("left unchanged"), "{err:#}");
        assert_eq!(snapshot(&out), before);
        assert_eq!(siblings(root.path()), ["graph"]);
    }

    #[test]
    fn failure_on_a_fresh_target_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("graph");
        let fail = |step: &str| {
            if step.starts_with("file rels_") {
                Err(std::io::Error::other("boom"))
            } else {
                Ok(())
            }
        };
        assert!(write_with(&tiny(), &out, &[ExportFormat::Neo4j], &fail).is_err());
        assert!(siblings(root.path()).is_empty());
    }

    #[test]
    fn export_file_names() {
        for f in [
            "nodes_person.csv",
            "rels_met_with.csv",
            "load.cypher",
            "import.sh",
            "manifest.json",
        ] {
            assert!(is_export_file_name(f), "{f}");
        }
        for f in ["notes.txt", "nodes.csv", "data.csv", "graph.json"] {
            assert!(!is_export_file_name(f), "{f}");
        }
    }
}
