//! Scoring a graph against a gold file: an exact port of the official scorer
//! (`shared/eval/score.py`), so that `newsgraph eval` prints the same numbers, the same
//! table and the same `--explain` lists as `score.py --gold G --exports DIR`.
//!
//! ```no_run
//! # fn f() -> anyhow::Result<()> {
//! use newsgraph::eval;
//! let gold = eval::load_gold("tests/gold/seeds.json".as_ref())?;
//! let exports = eval::read_exports("graph".as_ref())?; // every *.csv under the folder
//! let report = eval::score_exports(&gold, &exports);
//! println!("{}", eval::render_table(&report));
//! # Ok(()) }
//! ```
//!
//! Two ways in:
//!
//! - [`read_exports`] reads a folder exactly as `score.py` does: every `*.csv` under it
//!   (recursively, sorted by path), neo4j-admin headers (`:ID(Group)`, `:LABEL`, `:TYPE`,
//!   `name`, `sources`, `doc`/`docs`), header files of their own (`X_header.csv`), the
//!   delimiter guessed from the first line (`,`, tab or `|`), Python's `csv` module's reading
//!   of odd quoting and blank lines. Any tool's CSV export can be scored this way; this is
//!   what `newsgraph eval` uses.
//! - [`score`] scores an in-memory [`KnowledgeGraph`]: [`exports_of`] lays it out as
//!   `export::write` would write its Neo4j CSVs (files in name order, rows in id order) and
//!   `score.py` would read them back, so `score(gold, &export::load(dir)?)` equals
//!   `score_exports(gold, &read_exports(dir)?)` for a folder written by `newsgraph build`.
//!
//! # Matching (see `shared/eval/README.md`)
//!
//! Names are compared through [`norm`]. A node of a scored label (the first of its labels
//! that is one of the five) matches a gold entity of that label whose name or alias has the
//! same normal form; where several gold entities share it, those sharing a document with the
//! node are preferred, then the one whose canonical name it is, one not matched yet, a
//! required one, the first in the gold file. Unnamed gold events (name null) then each take
//! at most one unmatched Event node of their document: most ATTENDED edges from the event's
//! gold attendees, then fewest documents, then first in file order. The first node matching
//! a required entity is a true positive, further ones false positives (duplicates); nodes
//! matching an optional entity are ignored. Relationships are mapped through their
//! endpoints' matches, collapsed to unique (type, source, target) (MET_WITH unordered), and
//! compared with the gold relations the same way.
//!
//! Known differences from `score.py`, none of which affects well-formed inputs: Unicode
//! tables are those of the Rust crates (Unicode 16) where Python 3.11 has Unicode 14, so
//! characters assigned since then normalize differently; error messages are worded alike
//! but not byte-identical.

use crate::graph::KnowledgeGraph;
use crate::model::{Label, RelType};
use anyhow::{anyhow, bail};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// The labels scored, in table order.
pub const LABELS: [Label; 5] = Label::ALL;
/// The relationship types scored, in table order.
pub const REL_TYPES: [RelType; 3] = [RelType::MetWith, RelType::Signed, RelType::Attended];
/// neo4j-admin's default delimiter of array values and of `:LABEL`.
const ARRAY_DELIMITER: char = ';';

/// A label named exactly (case-sensitive, as `score.py` compares).
fn scored_label(s: &str) -> Option<Label> {
    LABELS.into_iter().find(|l| l.as_str() == s)
}

/// A scored relationship type named exactly.
fn scored_type(s: &str) -> Option<RelType> {
    REL_TYPES.into_iter().find(|t| t.as_str() == s)
}

/// What each relation type may connect (the annotation guide's schema).
fn rel_schema(t: RelType) -> (&'static [Label], &'static [Label]) {
    const PARTY_ORG: &[Label] = &[Label::Person, Label::Organization];
    const PARTIES: &[Label] = &[Label::Person, Label::Organization, Label::Country];
    match t {
        RelType::MetWith => (PARTY_ORG, PARTY_ORG),
        RelType::Signed => (PARTIES, &[Label::Agreement]),
        _ => (PARTIES, &[Label::Event]),
    }
}

// ----------------------------------------------------------------------------- Python text

/// Python's `str.isspace()`: Rust's whitespace plus the four information separators.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// Python's `str.split()` (no argument): runs of whitespace separate, no empty words.
fn py_split(s: &str) -> impl Iterator<Item = &str> {
    s.split(py_isspace).filter(|w| !w.is_empty())
}

/// Python's `str.casefold()` of one character, for the characters that can reach it in
/// [`norm`] (after NFKC and the removal of combining marks): full lower case, except where
/// case folding differs from lower-casing (`ß` → `ss`, final sigma, Cherokee, the Cyrillic
/// letter variants U+1C80..U+1C88).
fn casefold_into(c: char, out: &mut impl FnMut(char)) {
    let folded = match c {
        'ß' | 'ẞ' => {
            out('s');
            out('s');
            return;
        }
        'ς' => 'σ',
        '\u{1c80}' => 'в',
        '\u{1c81}' => 'д',
        '\u{1c82}' => 'о',
        '\u{1c83}' => 'с',
        '\u{1c84}' | '\u{1c85}' => 'т',
        '\u{1c86}' => 'ъ',
        '\u{1c87}' => 'ѣ',
        '\u{1c88}' => 'ꙋ',
        // Cherokee folds to its upper case.
        '\u{13a0}'..='\u{13f5}' => c,
        '\u{13f8}'..='\u{13fd}' => char::from_u32(c as u32 - 8).unwrap_or(c),
        '\u{ab70}'..='\u{abbf}' => char::from_u32(c as u32 - 0xab70 + 0x13a0).unwrap_or(c),
        _ => {
            for l in c.to_lowercase() {
                out(l);
            }
            return;
        }
    };
    out(folded);
}

/// Characters dropped outright: apostrophes and dots join (`People's` → `peoples`,
/// `U.S.` → `us`).
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{2bc}' | '`' | '\u{b4}' | '.'
    )
}

/// Unicode general category P*, S*, Z* or C*: read as a space.
fn is_separator(c: char) -> bool {
    let abbr = unicode_general_category::get_general_category(c).abbreviation();
    matches!(abbr.as_bytes().first(), Some(b'P' | b'S' | b'Z' | b'C'))
}

/// The form names are compared in (`score.py`'s `norm`): NFKC, combining marks (canonical
/// combining class > 0) stripped after NFD, casefolded, apostrophes and dots dropped, any
/// other punctuation, symbol, separator or control read as a space, spaces collapsed, a
/// leading `the ` dropped.
///
/// ```
/// use newsgraph::eval::norm;
/// assert_eq!(norm("The  People\u{2019}s Republic of China"), "peoples republic of china");
/// assert_eq!(norm("Fabiola León-Velarde"), "fabiola leon velarde");
/// ```
pub fn norm(name: &str) -> String {
    let nfkc: String = name.nfkc().collect();
    let mut chars = String::with_capacity(nfkc.len());
    for c in nfkc.nfd().filter(|&c| canonical_combining_class(c) == 0) {
        casefold_into(c, &mut |f| {
            if !is_joiner(f) {
                chars.push(if is_separator(f) { ' ' } else { f });
            }
        });
    }
    let text = chars
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match text.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Python's `os.path.splitext(name)[0]` of a base name: the text before the last dot, unless
/// only dots precede it (`.csv` has no extension).
fn strip_ext(base: &str) -> &str {
    match base.rfind('.') {
        Some(dot) if !base[..dot].chars().all(|c| c == '.') => &base[..dot],
        _ => base,
    }
}

/// Documents are compared by file name, without directory or extension
/// (`corpus/000_0dcc1ac18c84a83e.txt` → `000_0dcc1ac18c84a83e`).
pub fn doc_key(doc: &str) -> String {
    let doc = py_strip(doc).replace('\\', "/");
    let base = doc.rsplit('/').next().unwrap_or("");
    strip_ext(base).to_owned()
}

/// `score.py`'s `split_array`: `;`-separated, elements stripped, empty ones dropped.
fn split_array(value: &str) -> Vec<String> {
    value
        .split(ARRAY_DELIMITER)
        .map(py_strip)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `",".join(items[:3])`, plus ` +N` for the N left out.
fn shorten<S: AsRef<str>>(items: &[S]) -> String {
    const LIMIT: usize = 3;
    let mut out = items
        .iter()
        .take(LIMIT)
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(",");
    if items.len() > LIMIT {
        let _ = write!(out, " +{}", items.len() - LIMIT);
    }
    out
}

/// Python's `repr()` of a JSON value, for error messages.
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let quote = if s.contains('\'') && !s.contains('"') {
                '"'
            } else {
                '\''
            };
            let mut out = String::from(quote);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c if (c as u32) < 0x20 || c == '\u{7f}' => {
                        let _ = write!(out, "\\x{:02x}", c as u32);
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&Value::String(k.clone())), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `str()` of a JSON value (an f-string field).
fn py_str(v: Option<&Value>) -> String {
    match v {
        None => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => py_repr(v),
    }
}

// ----------------------------------------------------------------------------- gold

/// One gold entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldEntity {
    pub id: String,
    pub label: Label,
    /// `None`: an unnamed event.
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub docs: Vec<String>,
    pub required: bool,
    /// Position in the gold file.
    pub order: usize,
    /// `doc_key` of each of `docs`.
    pub doc_keys: HashSet<String>,
    /// `norm(name)` (empty for an unnamed event).
    name_norm: String,
}

impl GoldEntity {
    /// The name, or `(unnamed event in DOC)`.
    pub fn display(&self) -> String {
        match &self.name {
            Some(n) => n.clone(),
            None => format!("(unnamed event in {})", self.docs[0]),
        }
    }
}

/// One gold relation (duplicates in the file collapsed: required if any copy is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldRelation {
    pub rel_type: RelType,
    /// Gold entity ids, as the first copy in the file has them.
    pub source: String,
    pub target: String,
    pub required: bool,
    pub docs: Vec<String>,
    /// The first copy's evidence sentence (empty when none).
    pub evidence: String,
}

/// A gold file, read and checked by [`load_gold`].
#[derive(Clone, Debug, Default)]
pub struct Gold {
    /// How many documents the file lists (`docs`).
    pub doc_count: usize,
    /// In file order.
    pub entities: Vec<GoldEntity>,
    /// In file order of their first copy.
    pub relations: Vec<GoldRelation>,
    pub warnings: Vec<String>,
    ids: HashMap<String, usize>,
    /// (label, normal form of a name or alias) → entities, in file order.
    by_name: HashMap<(Label, String), Vec<usize>>,
    /// (label, a form several entities share, doc key) → those entities of that document.
    by_name_doc: HashMap<(Label, String, String), Vec<usize>>,
}

impl Gold {
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&GoldEntity> {
        self.ids.get(id).map(|&i| &self.entities[i])
    }
}

/// `(type, a, b)`, with `a <= b` for the symmetric MET_WITH.
fn rel_key<T: Ord>(t: RelType, a: T, b: T) -> (RelType, T, T) {
    if t == RelType::MetWith && b < a {
        (t, b, a)
    } else {
        (t, a, b)
    }
}

/// Read and check a gold file (format: `shared/gold/GUIDE.md`), as `score.py` does; errors
/// name the file, the entity or relation, and the problem.
pub fn load_gold(path: &Path) -> anyhow::Result<Gold> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow!("cannot read gold file {shown}: {}", io_msg(&e)))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| anyhow!("gold file {shown} is not valid JSON: not UTF-8 ({e})"))?;
    let data: Value = serde_json::from_str(text)
        .map_err(|e| anyhow!("gold file {shown} is not valid JSON: {e}"))?;
    parse_gold(&data).map_err(|e| anyhow!("gold file {shown}{e}"))
}

/// The checks of `load_gold` on parsed JSON; an error reads well after the file name.
fn parse_gold(data: &Value) -> anyhow::Result<Gold> {
    let Some(obj) = data.as_object() else {
        bail!(": expected an object with an 'entities' list");
    };
    let Some(raw_entities) = obj.get("entities").and_then(Value::as_array) else {
        bail!(": expected an object with an 'entities' list");
    };
    let empty = Vec::new();
    let raw_relations = match obj.get("relations") {
        None => &empty,
        Some(Value::Array(a)) => a,
        Some(_) => bail!(": 'relations' must be a list"),
    };
    let doc_count = match obj.get("docs") {
        None => 0,
        Some(Value::Array(a)) => a.len(),
        Some(Value::Object(o)) => o.len(),
        Some(Value::String(s)) => s.chars().count(),
        Some(_) => bail!(": 'docs' must be a list"),
    };
    fn bad(what: &str, msg: &str) -> anyhow::Error {
        anyhow!(": {what}: {msg}")
    }
    fn strings(v: Option<&Value>) -> Option<Vec<String>> {
        match v {
            None => Some(Vec::new()),
            Some(Value::Array(a)) => a.iter().map(|x| x.as_str().map(str::to_owned)).collect(),
            Some(_) => None,
        }
    }

    let mut gold = Gold {
        doc_count,
        ..Gold::default()
    };
    // (label, form) in first-seen order, for the warning about shared names.
    let mut form_order: Vec<(Label, String)> = Vec::new();
    for (i, raw) in raw_entities.iter().enumerate() {
        let what = match raw {
            Value::Object(o) => format!("entity #{i} ({})", py_str(o.get("id"))),
            other => format!("entity #{i} ({})", py_repr(other)),
        };
        let Some(o) = raw.as_object() else {
            return Err(bad(&what, "not an object"));
        };
        let id = match o.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => return Err(bad(&what, "'id' must be a non-empty string")),
        };
        if gold.ids.contains_key(&id) {
            return Err(bad(&what, "duplicate id"));
        }
        let Some(label) = o
            .get("label")
            .and_then(Value::as_str)
            .and_then(scored_label)
        else {
            return Err(bad(
                &what,
                "'label' must be one of Person, Organization, Country, Agreement, Event",
            ));
        };
        let Some(aliases) = strings(o.get("aliases")) else {
            return Err(bad(&what, "'aliases' must be a list of strings"));
        };
        let Some(docs) = strings(o.get("docs")) else {
            return Err(bad(&what, "'docs' must be a list of strings"));
        };
        let required = match o.get("required") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(bad(&what, "'required' must be true or false")),
        };
        let name = match o.get("name") {
            None | Some(Value::Null) => {
                if label != Label::Event || docs.len() != 1 {
                    return Err(bad(
                        &what,
                        "only an Event may be unnamed (name null), and then with exactly one doc",
                    ));
                }
                None
            }
            Some(Value::String(s)) if !norm(s).is_empty() => Some(s.clone()),
            Some(_) => return Err(bad(&what, "'name' must be a non-empty string or null")),
        };
        let index = gold.entities.len();
        if let Some(n) = &name {
            let mut forms: Vec<String> = Vec::new();
            for f in std::iter::once(n).chain(&aliases).map(|s| norm(s)) {
                if !f.is_empty() && !forms.contains(&f) {
                    forms.push(f);
                }
            }
            for f in forms {
                let list = gold.by_name.entry((label, f.clone())).or_default();
                if list.is_empty() {
                    form_order.push((label, f));
                }
                list.push(index);
            }
        }
        gold.ids.insert(id.clone(), index);
        gold.entities.push(GoldEntity {
            doc_keys: docs.iter().map(|d| doc_key(d)).collect(),
            name_norm: name.as_deref().map(norm).unwrap_or_default(),
            id,
            label,
            name,
            aliases,
            docs,
            required,
            order: i,
        });
    }

    // A name shared by several entities is resolved by documents: index those by document.
    let mut clashes = Vec::new();
    for key in &form_order {
        let es = &gold.by_name[key];
        if es.len() > 1 {
            let ids: Vec<&str> = es.iter().map(|&e| gold.entities[e].id.as_str()).collect();
            clashes.push(format!("{} '{}' names {}", key.0, key.1, shorten(&ids)));
            for &e in es {
                for d in &gold.entities[e].doc_keys {
                    gold.by_name_doc
                        .entry((key.0, key.1.clone(), d.clone()))
                        .or_default()
                        .push(e);
                }
            }
        }
    }
    if !clashes.is_empty() {
        gold.warnings.push(format!(
            "gold: {} name(s) shared by several entities, told apart by documents: {}{}",
            clashes.len(),
            clashes[..clashes.len().min(3)].join("; "),
            if clashes.len() > 3 { " ..." } else { "" }
        ));
    }

    let mut rel_index: HashMap<(RelType, String, String), usize> = HashMap::new();
    for (i, raw) in raw_relations.iter().enumerate() {
        let what = format!("relation #{i}");
        let Some(o) = raw.as_object() else {
            return Err(bad(&what, "not an object"));
        };
        let Some(rtype) = o.get("type").and_then(Value::as_str).and_then(scored_type) else {
            return Err(bad(
                &what,
                "'type' must be one of MET_WITH, SIGNED, ATTENDED",
            ));
        };
        let mut ends = Vec::with_capacity(2);
        for end in [o.get("source"), o.get("target")] {
            match end {
                Some(Value::String(s)) if gold.ids.contains_key(s) => ends.push(s.clone()),
                other => {
                    let shown = other.map(py_repr).unwrap_or_else(|| "None".into());
                    return Err(bad(&what, &format!("unknown entity id {shown}")));
                }
            }
        }
        let (src, tgt) = (ends[0].clone(), ends[1].clone());
        let required = match o.get("required") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(bad(&what, "'required' must be true or false")),
        };
        let (allowed_src, allowed_tgt) = rel_schema(rtype);
        let (sl, tl) = (
            gold.entity(&src).map(|e| e.label),
            gold.entity(&tgt).map(|e| e.label),
        );
        let (Some(sl), Some(tl)) = (sl, tl) else {
            unreachable!("endpoints checked above");
        };
        if !allowed_src.contains(&sl) || !allowed_tgt.contains(&tl) {
            return Err(bad(
                &what,
                &format!("{rtype} cannot link {sl} {src} to {tl} {tgt}"),
            ));
        }
        let key = rel_key(rtype, src.clone(), tgt.clone());
        let idx = *rel_index.entry(key).or_insert_with(|| {
            gold.relations.push(GoldRelation {
                rel_type: rtype,
                source: src,
                target: tgt,
                required: false,
                docs: Vec::new(),
                evidence: o
                    .get("evidence")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            });
            gold.relations.len() - 1
        });
        let rel = &mut gold.relations[idx];
        rel.required |= required;
        if let Some(Value::String(doc)) = o.get("doc") {
            if !rel.docs.contains(doc) {
                rel.docs.push(doc.clone());
            }
        }
    }
    Ok(gold)
}

/// An I/O error the way Python's `strerror` reads (`No such file or directory`).
fn io_msg(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

// ----------------------------------------------------------------------------- exports

/// A node as the scorer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// (ID group, id).
    pub key: (String, String),
    pub name: String,
    pub labels: Vec<String>,
    /// The first of its labels that is scored.
    pub label: Option<Label>,
    pub sources: Vec<String>,
    /// `file:row` it came from (rows counted from 1, the header being row 1).
    pub origin: String,
}

/// A relationship as the scorer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub rel_type: String,
    pub start: (String, String),
    pub end: (String, String),
    pub docs: Vec<String>,
    pub origin: String,
}

/// Everything read from an export folder, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exports {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub node_files: usize,
    pub rel_files: usize,
    pub warnings: Vec<String>,
    index: HashMap<(String, String), usize>,
}

impl Exports {
    /// The node with this (group, id) key.
    pub fn node(&self, key: &(String, String)) -> Option<&Node> {
        self.index.get(key).map(|&i| &self.nodes[i])
    }

    fn add_node(&mut self, node: Node) -> bool {
        if node.key.1.is_empty() || self.index.contains_key(&node.key) {
            return false;
        }
        self.index.insert(node.key.clone(), self.nodes.len());
        self.nodes.push(node);
        true
    }
}

/// What `score.py` reads from the Neo4j CSVs `export::write` writes for this graph: the
/// `nodes_<label>.csv` files, then the `rels_<type>.csv` files, each in file-name order,
/// rows in id order (relationships in (source, target) order), values as the CSV holds them.
pub fn exports_of(graph: &KnowledgeGraph) -> std::io::Result<Exports> {
    const GROUP: &str = "Entity"; // `id:ID(Entity)`, `:START_ID(Entity)`, `:END_ID(Entity)`
    let mut ex = Exports::default();
    let mut node_files: Vec<(String, Label)> = Label::ALL
        .into_iter()
        .map(|l| (crate::export::node_file(l), l))
        .collect();
    node_files.sort();
    for (file, label) in &node_files {
        ex.node_files += 1;
        let nodes = graph.graph.node_indices();
        for (i, n) in nodes
            .filter(|&n| graph.graph[n].label == *label)
            .enumerate()
        {
            let e = graph.entity_full(n);
            let sources: Vec<String> = e
                .sources
                .iter()
                .map(|s| crate::export::clean_element(s))
                .collect();
            ex.add_node(Node {
                key: (GROUP.to_owned(), py_strip(&e.id).to_owned()),
                name: py_strip(&crate::export::clean_scalar(&e.name)).to_owned(),
                labels: vec![GROUP.to_owned(), label.as_str().to_owned()],
                label: Some(*label),
                sources: split_array(&sources.join(";")),
                origin: format!("{file}:{}", i + 2),
            });
        }
    }
    let mut rel_files: Vec<(String, RelType)> = RelType::ALL
        .into_iter()
        .map(|t| (crate::export::rel_file(t), t))
        .collect();
    rel_files.sort();
    for (file, t) in &rel_files {
        ex.rel_files += 1;
        let edges = graph.graph.edge_indices();
        for (i, e) in edges
            .filter(|&e| graph.relation(e).rel_type == *t)
            .enumerate()
        {
            let r = graph.relation_full(e)?;
            let docs: Vec<String> = r
                .docs()
                .into_iter()
                .map(crate::export::clean_element)
                .collect();
            ex.edges.push(Edge {
                rel_type: t.as_str().to_owned(),
                start: (GROUP.to_owned(), py_strip(&r.source).to_owned()),
                end: (GROUP.to_owned(), py_strip(&r.target).to_owned()),
                docs: split_array(&docs.join(";")),
                origin: format!("{file}:{}", i + 2),
            });
        }
    }
    Ok(ex)
}

/// One CSV file under the export folder: its path relative to the folder (`/`-separated,
/// what `score.py` sorts and reports) and on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CsvFile {
    rel: String,
    path: PathBuf,
}

impl CsvFile {
    fn dir(&self) -> &str {
        self.rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
    }

    fn base(&self) -> &str {
        self.rel.rsplit('/').next().unwrap_or("")
    }
}

/// Every `*.csv` under `root`, as Python's `os.walk` finds them (symbolic links to folders
/// not followed), sorted by path.
fn walk_csv(root: &Path) -> Vec<CsvFile> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<CsvFile>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let is_dir = std::fs::metadata(&path)
                .map(|m| m.is_dir())
                .unwrap_or(false);
            if is_dir {
                let is_link = std::fs::symlink_metadata(&path)
                    .map(|m| m.file_type().is_symlink())
                    .unwrap_or(false);
                if !is_link {
                    walk(&path, &rel_path, out);
                }
            } else if name.to_lowercase().ends_with(".csv") {
                out.push(CsvFile {
                    rel: rel_path,
                    path,
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// `X` of a header file named `X_header.csv` or `X-header.csv` (any case).
fn header_stem(base: &str) -> Option<String> {
    let lower = base.to_lowercase();
    let n = base.chars().count();
    for suffix in ["_header.csv", "-header.csv"] {
        if lower.ends_with(suffix) && n > suffix.len() {
            return Some(base.chars().take(n - suffix.len()).collect());
        }
    }
    None
}

fn read_bytes(file: &CsvFile) -> anyhow::Result<Vec<u8>> {
    std::fs::read(&file.path)
        .map_err(|e| anyhow!("cannot read {}: {}", file.path.display(), io_msg(&e)))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// The field delimiter, guessed from the first line: `,` (the default), tab or `|`,
/// whichever it holds most of (the first of them on a tie).
fn sniff(bytes: &[u8]) -> char {
    let bytes = strip_bom(bytes);
    let end = bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len());
    let line = &bytes[..end];
    let mut best = (',', 0);
    for d in [',', '\t', '|'] {
        let n = line.iter().filter(|&&b| b == d as u8).count();
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// Python's error for bytes that are not UTF-8.
fn utf8_error(bytes: &[u8], e: &std::str::Utf8Error) -> String {
    let pos = e.valid_up_to();
    let byte = bytes.get(pos).copied().unwrap_or(0);
    let why = match e.error_len() {
        None => "unexpected end of data",
        Some(_) if (0x80..0xc2).contains(&byte) || byte > 0xf4 => "invalid start byte",
        Some(_) => "invalid continuation byte",
    };
    format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {why}")
}

/// Whether a file's first line is a neo4j-admin header rather than data. Like Python's text
/// reader, a file whose first 8 KiB chunk(s) up to the end of that line are not UTF-8 is
/// not a header.
fn starts_with_header(bytes: &[u8]) -> bool {
    const CHUNK: usize = 8192;
    let body = strip_bom(bytes);
    let line_end = body
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|p| p + 1)
        .unwrap_or(body.len());
    let offset = bytes.len() - body.len();
    let read = (line_end + 1 + offset)
        .div_ceil(CHUNK)
        .saturating_mul(CHUNK)
        .min(bytes.len());
    let decoded = &bytes[offset.min(read)..read];
    let text = match std::str::from_utf8(decoded) {
        Ok(t) => t,
        // An incomplete character at the end of a chunk is not an error yet.
        Err(e) if e.error_len().is_none() && read < bytes.len() => {
            match std::str::from_utf8(&decoded[..e.valid_up_to()]) {
                Ok(t) => t,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    let line_len = text
        .find(['\n', '\r'])
        .map(|p| {
            if text[p..].starts_with("\r\n") {
                p + 2
            } else {
                p + 1
            }
        })
        .unwrap_or(text.len());
    let first = py_csv_rows(&text[..line_len], sniff(bytes))
        .into_iter()
        .next()
        .unwrap_or_default();
    first.iter().any(|t| {
        let kind = parse_field(t).1;
        matches!(
            kind.as_str(),
            "ID" | "START_ID" | "END_ID" | "LABEL" | "TYPE"
        )
    })
}

/// Python's `csv.reader` (excel dialect: `"` quotes, `""` inside quotes, not strict) over
/// the lines of `text` (split at `\n`, `\r\n` or `\r`, as a file opened with `newline=""`
/// iterates). A blank line is an empty row.
fn py_csv_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum St {
        StartRecord,
        StartField,
        InField,
        InQuotedField,
        QuoteInQuotedField,
        EatCrnl,
    }
    let mut lines = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            lines.push(&text[start..=i]);
            start = i + 1;
        } else if b[i] == b'\r' {
            let end = if b.get(i + 1) == Some(&b'\n') {
                i + 1
            } else {
                i
            };
            lines.push(&text[start..=end]);
            i = end;
            start = end + 1;
        }
        i += 1;
    }
    if start < b.len() {
        lines.push(&text[start..]);
    }

    let mut rows = Vec::new();
    let mut lines = lines.into_iter();
    'records: loop {
        let mut fields: Vec<String> = Vec::new();
        let mut field = String::new();
        let mut state = St::StartRecord;
        loop {
            let Some(line) = lines.next() else {
                if !field.is_empty() || state == St::InQuotedField {
                    fields.push(field);
                    rows.push(fields);
                }
                break 'records;
            };
            for c in line.chars().map(Some).chain([None]) {
                let eol = matches!(c, None | Some('\n' | '\r'));
                if state == St::StartRecord {
                    match c {
                        None => continue,
                        Some('\n' | '\r') => {
                            state = St::EatCrnl;
                            continue;
                        }
                        _ => state = St::StartField,
                    }
                }
                match state {
                    St::StartRecord => unreachable!(),
                    St::StartField => {
                        if eol {
                            fields.push(std::mem::take(&mut field));
                            state = if c.is_none() {
                                St::StartRecord
                            } else {
                                St::EatCrnl
                            };
                        } else if c == Some('"') {
                            state = St::InQuotedField;
                        } else if c == Some(delimiter) {
                            fields.push(std::mem::take(&mut field));
                        } else if let Some(c) = c {
                            field.push(c);
                            state = St::InField;
                        }
                    }
                    St::InField => {
                        if eol {
                            fields.push(std::mem::take(&mut field));
                            state = if c.is_none() {
                                St::StartRecord
                            } else {
                                St::EatCrnl
                            };
                        } else if c == Some(delimiter) {
                            fields.push(std::mem::take(&mut field));
                            state = St::StartField;
                        } else if let Some(c) = c {
                            field.push(c);
                        }
                    }
                    St::InQuotedField => match c {
                        None => {}
                        Some('"') => state = St::QuoteInQuotedField,
                        Some(c) => field.push(c),
                    },
                    St::QuoteInQuotedField => {
                        if c == Some('"') {
                            field.push('"');
                            state = St::InQuotedField;
                        } else if c == Some(delimiter) {
                            fields.push(std::mem::take(&mut field));
                            state = St::StartField;
                        } else if eol {
                            fields.push(std::mem::take(&mut field));
                            state = if c.is_none() {
                                St::StartRecord
                            } else {
                                St::EatCrnl
                            };
                        } else if let Some(c) = c {
                            field.push(c);
                            state = St::InField;
                        }
                    }
                    St::EatCrnl => {
                        if c.is_none() {
                            state = St::StartRecord;
                        }
                        // Line splitting leaves no other character after a line end.
                    }
                }
            }
            if state == St::StartRecord {
                break;
            }
        }
        rows.push(fields);
    }
    rows
}

/// Every row of a CSV file (Python's reading: UTF-8 with or without BOM).
fn read_rows(file: &CsvFile, bytes: &[u8], delimiter: char) -> anyhow::Result<Vec<Vec<String>>> {
    let body = strip_bom(bytes);
    let text = std::str::from_utf8(body).map_err(|e| {
        anyhow!(
            "{} is not UTF-8 text ({})",
            file.path.display(),
            utf8_error(body, &e)
        )
    })?;
    Ok(py_csv_rows(text, delimiter))
}

/// (property, upper-case type, id group) of one header field: `name:type(Group){options}`,
/// every part optional (`:ID(Person)`, `sources:string[]`).
fn parse_field(text: &str) -> (String, String, String) {
    static FIELD: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = FIELD.get_or_init(|| {
        regex::Regex::new(
            r"^(?:(?P<prop>[^:]*)(?::(?P<kind>[A-Za-z_]+)(?:\[\])?(?:\((?P<group>[^)]*)\))?)?(?:\{.*\})?)$",
        )
        .expect("valid regex")
    });
    let text = py_strip(text);
    match re.captures(text) {
        None => (text.to_owned(), String::new(), String::new()),
        Some(m) => (
            py_strip(m.name("prop").map_or("", |x| x.as_str())).to_owned(),
            m.name("kind")
                .map_or("", |x| x.as_str())
                .to_ascii_uppercase(),
            py_strip(m.name("group").map_or("", |x| x.as_str())).to_owned(),
        ),
    }
}

/// The label of nodes whose file has no `:LABEL` column: their ID group, else a word of the
/// file name (`persons.csv`, `nodes_event.csv`).
fn label_hint(base: &str, group: &str) -> Option<Label> {
    let g = group.to_lowercase();
    if let Some(l) = LABELS.into_iter().find(|l| l.as_str().to_lowercase() == g) {
        return Some(l);
    }
    let stem = strip_ext(base).to_lowercase();
    stem.split(|c: char| !c.is_ascii_lowercase())
        .find_map(|w| match w {
            "person" | "persons" | "people" => Some(Label::Person),
            "organization" | "organizations" | "organisation" | "organisations" => {
                Some(Label::Organization)
            }
            "country" | "countries" => Some(Label::Country),
            "agreement" | "agreements" => Some(Label::Agreement),
            "event" | "events" => Some(Label::Event),
            _ => None,
        })
}

/// The type of relationships whose file has no `:TYPE` column, from the file name.
fn type_hint(base: &str) -> Option<RelType> {
    let upper = strip_ext(base).to_uppercase();
    let mut stem = String::from("_");
    let mut in_gap = false;
    for c in upper.chars() {
        if c.is_ascii_uppercase() {
            stem.push(c);
            in_gap = false;
        } else if !in_gap {
            stem.push('_');
            in_gap = true;
        }
    }
    stem.push('_');
    REL_TYPES
        .into_iter()
        .find(|t| stem.contains(&format!("_{}_", t.as_str())))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Neither,
    Nodes,
    Rels,
}

/// Which column holds what, read from a header.
#[derive(Clone, Debug)]
struct Layout {
    width: usize,
    kind: Kind,
    id: Option<usize>,
    id_group: String,
    label: Option<usize>,
    name: Option<usize>,
    sources: Option<usize>,
    default_label: Option<Label>,
    start: Option<usize>,
    start_group: String,
    end: Option<usize>,
    end_group: String,
    rtype: Option<usize>,
    default_type: Option<RelType>,
    doc: Option<usize>,
}

fn parse_layout(header: &[String], base: &str) -> Layout {
    let mut lay = Layout {
        width: header.len(),
        kind: Kind::Neither,
        id: None,
        id_group: String::new(),
        label: None,
        name: None,
        sources: None,
        default_label: None,
        start: None,
        start_group: String::new(),
        end: None,
        end_group: String::new(),
        rtype: None,
        default_type: None,
        doc: None,
    };
    for (i, text) in header.iter().enumerate() {
        let (prop, kind, group) = parse_field(text);
        match kind.as_str() {
            "ID" if lay.id.is_none() => {
                lay.id = Some(i);
                lay.id_group = group;
                if prop.to_lowercase() == "name" && lay.name.is_none() {
                    lay.name = Some(i);
                }
            }
            "START_ID" if lay.start.is_none() => {
                lay.start = Some(i);
                lay.start_group = group;
            }
            "END_ID" if lay.end.is_none() => {
                lay.end = Some(i);
                lay.end_group = group;
            }
            "LABEL" if lay.label.is_none() => lay.label = Some(i),
            "TYPE" if lay.rtype.is_none() => lay.rtype = Some(i),
            "ID" | "START_ID" | "END_ID" | "LABEL" | "TYPE" | "IGNORE" => {}
            _ => {
                let p = prop.to_lowercase();
                if p == "name" {
                    lay.name = Some(i); // a plain name column wins over name:ID
                } else if p == "sources" && lay.sources.is_none() {
                    lay.sources = Some(i);
                } else if matches!(p.as_str(), "doc" | "docs" | "sources")
                    && (lay.doc.is_none() || p == "doc")
                {
                    lay.doc = Some(i);
                }
            }
        }
    }
    if lay.id.is_some() {
        lay.kind = Kind::Nodes;
        lay.default_label = label_hint(base, &lay.id_group);
    } else if lay.start.is_some() && lay.end.is_some() {
        lay.kind = Kind::Rels;
        lay.default_type = type_hint(base);
    }
    lay
}

/// The CSV sources under the folder: (header file or none, data files), as `score.py`'s
/// `discover`: `X_header.csv` heads the files beside it named `X.csv`, `X_*.csv`, `X-*.csv`
/// or `X.*.csv` that do not start with a header of their own (the longest stem wins).
fn discover(root: &Path) -> anyhow::Result<Vec<(Option<CsvFile>, Vec<CsvFile>)>> {
    let paths = walk_csv(root);
    let headers: Vec<(usize, String)> = paths
        .iter()
        .enumerate()
        .filter_map(|(i, p)| header_stem(p.base()).map(|s| (i, s)))
        .collect();
    let is_header: HashSet<usize> = headers.iter().map(|(i, _)| *i).collect();
    let mut by_length = headers.clone();
    by_length.sort_by_key(|(_, s)| std::cmp::Reverse(s.chars().count()));
    let mut owner: HashMap<usize, usize> = HashMap::new();
    for (i, p) in paths.iter().enumerate() {
        if is_header.contains(&i) || starts_with_header(&read_bytes(p)?) {
            continue;
        }
        let base = p.base().to_lowercase();
        for (h, stem) in &by_length {
            let s = stem.to_lowercase();
            if paths[*h].dir() == p.dir()
                && (base == format!("{s}.csv")
                    || [format!("{s}_"), format!("{s}-"), format!("{s}.")]
                        .iter()
                        .any(|pre| base.starts_with(pre.as_str())))
            {
                owner.insert(i, *h);
                break;
            }
        }
    }
    let mut sources: Vec<(Option<CsvFile>, Vec<CsvFile>)> = headers
        .iter()
        .map(|(h, _)| {
            let parts = (0..paths.len())
                .filter(|i| owner.get(i) == Some(h))
                .map(|i| paths[i].clone())
                .collect();
            (Some(paths[*h].clone()), parts)
        })
        .collect();
    sources.extend(
        (0..paths.len())
            .filter(|i| !is_header.contains(i) && !owner.contains_key(i))
            .map(|i| (None, vec![paths[i].clone()])),
    );
    sources.sort_by(|a, b| {
        let ka = a.0.as_ref().unwrap_or(&a.1[0]);
        let kb = b.0.as_ref().unwrap_or(&b.1[0]);
        ka.rel.cmp(&kb.rel)
    });
    Ok(sources)
}

/// Read an export folder as `score.py` does: every `*.csv` under it (see the module docs).
/// Errors (exit status 2 in `score.py`): no such folder, a file that cannot be read or is
/// not UTF-8, no node file with rows. Oddities (skipped files and rows, relationships to
/// unknown ids) are in `warnings`.
pub fn read_exports(root: &Path) -> anyhow::Result<Exports> {
    if !root.is_dir() {
        bail!(
            "exports directory {} does not exist or is not a directory",
            root.display()
        );
    }
    let mut ex = Exports::default();
    for (header_file, data_files) in discover(root)? {
        let first = header_file.as_ref().unwrap_or(&data_files[0]);
        let first_bytes = read_bytes(first)?;
        let delimiter = sniff(&first_bytes);
        let rows = read_rows(first, &first_bytes, delimiter)?;
        let rel = &first.rel;
        if rows.is_empty() {
            ex.warnings.push(format!("{rel}: empty file, skipped"));
            continue;
        }
        let lay = parse_layout(&rows[0], first.base());
        if lay.kind == Kind::Neither {
            ex.warnings.push(format!(
                "{rel}: skipped (its header has neither an :ID column nor :START_ID and :END_ID columns)"
            ));
            continue;
        }
        let parts: Vec<(String, Vec<Vec<String>>, usize)> = if header_file.is_some() {
            if rows.len() > 1 {
                ex.warnings
                    .push(format!("{rel}: rows after the header ignored"));
            }
            if data_files.is_empty() {
                ex.warnings
                    .push(format!("{rel}: header file with no data file beside it"));
            }
            let mut parts = Vec::new();
            for p in &data_files {
                let bytes = read_bytes(p)?;
                parts.push((p.rel.clone(), read_rows(p, &bytes, delimiter)?, 1));
            }
            parts
        } else {
            vec![(rel.clone(), rows[1..].to_vec(), 2)]
        };
        if lay.kind == Kind::Nodes {
            ex.node_files += parts.len();
            if lay.name.is_none() {
                ex.warnings.push(format!(
                    "{rel}: no name column; its nodes cannot match anything"
                ));
            }
            if lay.label.is_none() && lay.default_label.is_none() {
                ex.warnings.push(format!(
                    "{rel}: no :LABEL column and no label in its ID group or file name; its nodes are not scored"
                ));
            }
        } else {
            ex.rel_files += parts.len();
            if lay.rtype.is_none() && lay.default_type.is_none() {
                ex.warnings.push(format!(
                    "{rel}: no :TYPE column and no type in its file name; its relationships are not scored"
                ));
            }
        }
        for (part_rel, part_rows, first_row) in &parts {
            ingest(&mut ex, &lay, part_rows, part_rel, *first_row);
        }
    }
    if ex.nodes.is_empty() {
        bail!(
            "no node CSV file (one whose header has an :ID column) with rows found under {}",
            root.display()
        );
    }
    let dangling: Vec<&(String, String)> = ex
        .edges
        .iter()
        .flat_map(|e| [&e.start, &e.end])
        .filter(|k| !ex.index.contains_key(*k))
        .collect();
    if !dangling.is_empty() {
        let examples = dangling
            .iter()
            .take(3)
            .map(|(g, i)| {
                if g.is_empty() {
                    i.clone()
                } else {
                    format!("{g}:{i}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        ex.warnings.push(format!(
            "{} relationship endpoint(s) name node ids found in no node file (e.g. {examples}); those relationships count as false positives",
            dangling.len()
        ));
    }
    Ok(ex)
}

/// Adds the nodes or relationships of one data file.
fn ingest(ex: &mut Exports, lay: &Layout, rows: &[Vec<String>], rel: &str, first_row: usize) {
    let (mut skipped, mut dup_ids) = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        if row.is_empty() || (row.len() == 1 && py_strip(&row[0]).is_empty()) {
            continue; // a blank line
        }
        if row.len() != lay.width {
            skipped += 1;
            continue;
        }
        let origin = format!("{rel}:{}", first_row + i);
        let col = |c: Option<usize>| c.map(|c| row[c].as_str());
        if lay.kind == Kind::Nodes {
            let mut labels = col(lay.label).map(split_array).unwrap_or_default();
            if labels.is_empty() {
                if let Some(l) = lay.default_label {
                    labels = vec![l.as_str().to_owned()];
                }
            }
            let label = labels.iter().find_map(|l| scored_label(l));
            let node = Node {
                key: (
                    lay.id_group.clone(),
                    py_strip(col(lay.id).unwrap_or("")).to_owned(),
                ),
                name: py_strip(col(lay.name).unwrap_or("")).to_owned(),
                labels,
                label,
                sources: col(lay.sources).map(split_array).unwrap_or_default(),
                origin,
            };
            if !ex.add_node(node) {
                dup_ids += 1;
            }
        } else {
            let rtype = py_strip(col(lay.rtype).unwrap_or(""));
            let rtype = if rtype.is_empty() {
                lay.default_type.map(RelType::as_str).unwrap_or("")
            } else {
                rtype
            };
            ex.edges.push(Edge {
                rel_type: rtype.to_owned(),
                start: (
                    lay.start_group.clone(),
                    py_strip(col(lay.start).unwrap_or("")).to_owned(),
                ),
                end: (
                    lay.end_group.clone(),
                    py_strip(col(lay.end).unwrap_or("")).to_owned(),
                ),
                docs: col(lay.doc).map(split_array).unwrap_or_default(),
                origin,
            });
        }
    }
    if skipped > 0 {
        ex.warnings.push(format!(
            "{rel}: {skipped} row(s) skipped (not {} fields, as in the header)",
            lay.width
        ));
    }
    if dup_ids > 0 {
        ex.warnings.push(format!(
            "{rel}: {dup_ids} node row(s) skipped (empty id, or an id already used in its ID group)"
        ));
    }
}

// ----------------------------------------------------------------------------- scoring

/// Counts of one label, type or total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub ignored: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.ignored += o.ignored;
    }

    /// Precision, recall and F1, rounded to 4 places (`None` where undefined).
    pub fn scores(&self) -> Scores {
        let ratio = |num: usize, den: usize| (den > 0).then(|| round4(num as f64 / den as f64));
        Scores {
            precision: ratio(self.tp, self.tp + self.fp),
            recall: ratio(self.tp, self.tp + self.fn_),
            f1: ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_),
            tp: self.tp,
            fp: self.fp,
            fn_: self.fn_,
            ignored: self.ignored,
        }
    }
}

/// Python's `round(x, 4)`: the double nearest to the correctly rounded decimal.
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scores {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub ignored: usize,
}

/// Scores per label (or type), then `all` (micro): a JSON object in that order.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreTable(pub Vec<(String, Scores)>);

impl ScoreTable {
    /// The row of a label, a type, or `all`.
    pub fn get(&self, key: &str) -> Option<&Scores> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    fn build<'a>(rows: impl IntoIterator<Item = (&'a str, Tally)>) -> Self {
        let mut all = Tally::default();
        let mut out = Vec::new();
        for (k, t) in rows {
            all.add(&t);
            out.push((k.to_owned(), t.scores()));
        }
        out.push(("all".to_owned(), all.scores()));
        ScoreTable(out)
    }

    fn all(&self) -> &Scores {
        &self.0.last().expect("ScoreTable always has `all`").1
    }
}

impl Serialize for ScoreTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The sizes of the inputs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub gold_docs: usize,
    pub gold_entities: usize,
    pub gold_entities_optional: usize,
    pub gold_relations: usize,
    pub gold_relations_optional: usize,
    pub nodes: usize,
    pub nodes_scored: usize,
    pub relationships: usize,
    pub relationships_unscored_types: BTreeMap<String, usize>,
    pub node_files: usize,
    pub relationship_files: usize,
}

/// A node counted against precision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityFp {
    pub label: String,
    pub name: String,
    pub docs: Vec<String>,
    pub at: String,
    pub why: String,
}

/// A required gold entity never predicted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityFn {
    pub label: String,
    pub name: String,
    pub docs: Vec<String>,
    pub id: String,
}

/// A predicted relationship not in gold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelationFp {
    #[serde(rename = "type")]
    pub rel_type: String,
    pub source: String,
    pub target: String,
    pub docs: Vec<String>,
    pub at: String,
    pub why: String,
}

/// A required gold relation not found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelationFn {
    #[serde(rename = "type")]
    pub rel_type: String,
    pub source: String,
    pub target: String,
    pub docs: Vec<String>,
    pub evidence: String,
}

/// Every error, for `--explain` (in the order found; `render_explain` sorts them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Explain {
    pub entity_fp: Vec<EntityFp>,
    pub entity_fn: Vec<EntityFn>,
    pub relation_fp: Vec<RelationFp>,
    pub relation_fn: Vec<RelationFn>,
}

/// The result of scoring; serializes like `score.py`'s JSON report (without its `gold` and
/// `exports` paths: see [`render_json`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub counts: Counts,
    /// Person, Organization, Country, Agreement, Event, all.
    pub entities: ScoreTable,
    /// MET_WITH, SIGNED, ATTENDED, all.
    pub relations: ScoreTable,
    pub warnings: Vec<String>,
    pub explain: Explain,
    pub entity_f1: Option<f64>,
    pub relation_f1: Option<f64>,
}

/// Maps node indices to gold entity indices (name matches, then unnamed events); returns
/// the assignment and the number of nodes matched to each gold entity.
fn match_nodes(gold: &Gold, ex: &Exports) -> (HashMap<usize, usize>, Vec<usize>) {
    let mut assign: HashMap<usize, usize> = HashMap::new();
    let mut hits = vec![0usize; gold.entities.len()];
    for (ni, n) in ex.nodes.iter().enumerate() {
        let Some(label) = n.label else { continue };
        let form = norm(&n.name);
        let Some(cands) = gold.by_name.get(&(label, form.clone())) else {
            continue;
        };
        if cands.is_empty() {
            continue;
        }
        let mut e = cands[0];
        if cands.len() > 1 {
            // A name several gold entities share: those with a document in common with the
            // node (all of them if none), then the canonical name, one not matched yet, a
            // required one, the first.
            let docs: HashSet<String> = n.sources.iter().map(|s| doc_key(s)).collect();
            let mut by_doc: Vec<usize> = Vec::new();
            for d in &docs {
                if let Some(es) = gold.by_name_doc.get(&(label, form.clone(), d.clone())) {
                    by_doc.extend(es);
                }
            }
            let pool = if by_doc.is_empty() { cands } else { &by_doc };
            e = *pool
                .iter()
                .min_by_key(|&&c| {
                    let g = &gold.entities[c];
                    (g.name_norm != form, hits[c] > 0, !g.required, g.order)
                })
                .expect("non-empty candidates");
        }
        assign.insert(ni, e);
        hits[e] += 1;
    }
    match_unnamed_events(gold, ex, &mut assign, &mut hits);
    (assign, hits)
}

/// Each unnamed gold event (required ones first) takes at most one predicted Event node
/// from its document that matched no named gold entity: the one with the most ATTENDED
/// edges from the event's gold attendees, then the one with the fewest documents, then the
/// first. A node's documents are its `sources`, or else the `doc`s of its edges.
fn match_unnamed_events(
    gold: &Gold,
    ex: &Exports,
    assign: &mut HashMap<usize, usize>,
    hits: &mut [usize],
) {
    let mut unnamed: Vec<usize> = (0..gold.entities.len())
        .filter(|&i| gold.entities[i].label == Label::Event && gold.entities[i].name.is_none())
        .collect();
    if unnamed.is_empty() {
        return;
    }
    unnamed.sort_by_key(|&i| (!gold.entities[i].required, gold.entities[i].order));
    let mut edge_docs: HashMap<usize, HashSet<String>> = HashMap::new();
    // predicted node -> gold entities with an ATTENDED edge to it
    let mut attendees: HashMap<usize, HashSet<usize>> = HashMap::new();
    for edge in &ex.edges {
        let start = ex.index.get(&edge.start).copied();
        let end = ex.index.get(&edge.end).copied();
        for d in &edge.docs {
            for n in [start, end].into_iter().flatten() {
                edge_docs.entry(n).or_default().insert(doc_key(d));
            }
        }
        if edge.rel_type == "ATTENDED" {
            if let (Some(s), Some(e)) = (start.and_then(|s| assign.get(&s)), end) {
                attendees.entry(e).or_default().insert(*s);
            }
        }
    }
    let mut gold_attendees: HashMap<usize, HashSet<usize>> = HashMap::new();
    for r in &gold.relations {
        if r.rel_type == RelType::Attended {
            if let (Some(&t), Some(&s)) = (gold.ids.get(&r.target), gold.ids.get(&r.source)) {
                gold_attendees.entry(t).or_default().insert(s);
            }
        }
    }
    let mut by_doc: HashMap<String, Vec<usize>> = HashMap::new();
    let mut node_docs: HashMap<usize, HashSet<String>> = HashMap::new();
    for (i, n) in ex.nodes.iter().enumerate() {
        if n.label == Some(Label::Event) && !assign.contains_key(&i) {
            let mut docs: HashSet<String> = n.sources.iter().map(|s| doc_key(s)).collect();
            if docs.is_empty() {
                docs = edge_docs.get(&i).cloned().unwrap_or_default();
            }
            for d in &docs {
                by_doc.entry(d.clone()).or_default().push(i);
            }
            node_docs.insert(i, docs);
        }
    }
    let none = HashSet::new();
    for e in unnamed {
        let key = doc_key(&gold.entities[e].docs[0]);
        let Some(cands) = by_doc.get(&key) else {
            continue;
        };
        let want = gold_attendees.get(&e).unwrap_or(&none);
        let best = cands
            .iter()
            .copied()
            .filter(|n| !assign.contains_key(n))
            .min_by_key(|n| {
                let overlap = attendees.get(n).map_or(0, |a| a.intersection(want).count());
                (std::cmp::Reverse(overlap), node_docs[n].len(), *n)
            });
        if let Some(best) = best {
            assign.insert(best, e);
            hits[e] += 1;
        }
    }
}

/// Score an in-memory graph: [`score_exports`] of [`exports_of`]`(graph)`.
pub fn score(gold: &Gold, graph: &KnowledgeGraph) -> std::io::Result<Report> {
    Ok(score_exports(gold, &exports_of(graph)?))
}

/// A relationship end as `score.py` keys it: `("gold", id)`, `("node", group, id)` or
/// `("missing", group, id)`; compared as Python compares tuples of strings.
type End = Vec<String>;

/// A relation's identity: (type, start, end), ends sorted for MET_WITH.
type RelKey = (RelType, End, End);

/// The report: tallies per label and type, overall figures, and every error for `explain`.
pub fn score_exports(gold: &Gold, ex: &Exports) -> Report {
    let (assign, hits) = match_nodes(gold, ex);
    let mut ents: Vec<Tally> = vec![Tally::default(); LABELS.len()];
    let li = |l: Label| LABELS.iter().position(|x| *x == l).expect("a scored label");
    let mut explain = Explain::default();
    let mut seen = vec![0usize; gold.entities.len()];
    for (ni, n) in ex.nodes.iter().enumerate() {
        let Some(label) = n.label else {
            continue; // a label this scorer does not score (a place, a title ...)
        };
        let e = assign.get(&ni).copied();
        if let Some(e) = e {
            if !gold.entities[e].required {
                ents[li(label)].ignored += 1;
                continue;
            }
            seen[e] += 1;
            if seen[e] == 1 {
                continue; // counted as a true positive below
            }
        }
        ents[li(label)].fp += 1;
        let why = match e {
            Some(e) => {
                let g = &gold.entities[e];
                format!("duplicate of gold {} ({})", g.id, g.display())
            }
            None if label == Label::Event => {
                "no gold Event has this name, and no unnamed gold event of its docs was left for it"
                    .to_owned()
            }
            None => format!("no gold {label} has this name"),
        };
        explain.entity_fp.push(EntityFp {
            label: label.as_str().to_owned(),
            name: n.name.clone(),
            docs: n.sources.clone(),
            at: n.origin.clone(),
            why,
        });
    }
    for (i, e) in gold.entities.iter().enumerate() {
        if e.required && hits[i] > 0 {
            ents[li(e.label)].tp += 1;
        } else if e.required {
            ents[li(e.label)].fn_ += 1;
            explain.entity_fn.push(EntityFn {
                label: e.label.as_str().to_owned(),
                name: e.display(),
                docs: e.docs.clone(),
                id: e.id.clone(),
            });
        }
    }

    let endpoint = |key: &(String, String)| -> End {
        match ex.index.get(key) {
            Some(ni) => match assign.get(ni) {
                Some(&e) => vec!["gold".into(), gold.entities[e].id.clone()],
                None => vec!["node".into(), key.0.clone(), key.1.clone()],
            },
            None => vec!["missing".into(), key.0.clone(), key.1.clone()],
        }
    };
    let describe = |end: &End| -> String {
        if end[0] == "gold" {
            return gold
                .entity(&end[1])
                .map(GoldEntity::display)
                .unwrap_or_default();
        }
        match ex.node(&(end[1].clone(), end[2].clone())) {
            Some(node) => node.name.clone(),
            None if end[1].is_empty() => end[2].clone(),
            None => format!("{}:{}", end[1], end[2]),
        }
    };

    // rel_key -> (first edge, all docs): duplicates collapse.
    let mut predicted: Vec<(RelKey, usize, Vec<String>)> = Vec::new();
    let mut predicted_index: HashMap<RelKey, usize> = HashMap::new();
    let mut unscored: BTreeMap<String, usize> = BTreeMap::new();
    for (ei, edge) in ex.edges.iter().enumerate() {
        let Some(t) = scored_type(&edge.rel_type) else {
            *unscored.entry(edge.rel_type.clone()).or_default() += 1;
            continue;
        };
        let key = rel_key(t, endpoint(&edge.start), endpoint(&edge.end));
        let pi = *predicted_index.entry(key.clone()).or_insert_with(|| {
            predicted.push((key, ei, Vec::new()));
            predicted.len() - 1
        });
        let docs = &mut predicted[pi].2;
        for d in &edge.docs {
            if !docs.contains(d) {
                docs.push(d.clone());
            }
        }
    }
    let gold_key = |r: &GoldRelation| {
        rel_key(
            r.rel_type,
            vec!["gold".to_owned(), r.source.clone()],
            vec!["gold".to_owned(), r.target.clone()],
        )
    };
    let gold_keys: HashMap<RelKey, &GoldRelation> =
        gold.relations.iter().map(|r| (gold_key(r), r)).collect();
    let ti = |t: RelType| {
        REL_TYPES
            .iter()
            .position(|x| *x == t)
            .expect("a scored type")
    };
    let mut rels: Vec<Tally> = vec![Tally::default(); REL_TYPES.len()];
    for (key, ei, docs) in &predicted {
        let t = key.0;
        if let Some(g) = gold_keys.get(key) {
            if g.required {
                rels[ti(t)].tp += 1;
            } else {
                rels[ti(t)].ignored += 1;
            }
            continue;
        }
        rels[ti(t)].fp += 1;
        let edge = &ex.edges[*ei];
        let (a, b) = (endpoint(&edge.start), endpoint(&edge.end));
        let loose: Vec<String> = [&a, &b]
            .into_iter()
            .filter(|x| x[0] != "gold")
            .map(|x| {
                if x[0] == "node" {
                    format!("\"{}\" matches no gold entity", describe(x))
                } else {
                    format!("node id {} is in no node file", describe(x))
                }
            })
            .collect();
        let why = if !loose.is_empty() {
            loose.join("; ")
        } else if gold_keys.contains_key(&rel_key(t, b.clone(), a.clone())) {
            "gold has it the other way round".to_owned()
        } else {
            "no such relation in gold".to_owned()
        };
        explain.relation_fp.push(RelationFp {
            rel_type: t.as_str().to_owned(),
            source: describe(&a),
            target: describe(&b),
            docs: docs.clone(),
            at: edge.origin.clone(),
            why,
        });
    }
    for g in &gold.relations {
        if g.required && !predicted_index.contains_key(&gold_key(g)) {
            rels[ti(g.rel_type)].fn_ += 1;
            let name = |id: &str| gold.entity(id).map(GoldEntity::display).unwrap_or_default();
            explain.relation_fn.push(RelationFn {
                rel_type: g.rel_type.as_str().to_owned(),
                source: name(&g.source),
                target: name(&g.target),
                docs: g.docs.clone(),
                evidence: g.evidence.clone(),
            });
        }
    }

    let entities = ScoreTable::build(LABELS.iter().map(|l| l.as_str()).zip(ents));
    let relations = ScoreTable::build(REL_TYPES.iter().map(|t| t.as_str()).zip(rels));
    let mut warnings = gold.warnings.clone();
    warnings.extend(ex.warnings.iter().cloned());
    Report {
        counts: Counts {
            gold_docs: gold.doc_count,
            gold_entities: gold.entities.iter().filter(|e| e.required).count(),
            gold_entities_optional: gold.entities.iter().filter(|e| !e.required).count(),
            gold_relations: gold.relations.iter().filter(|r| r.required).count(),
            gold_relations_optional: gold.relations.iter().filter(|r| !r.required).count(),
            nodes: ex.nodes.len(),
            nodes_scored: ex.nodes.iter().filter(|n| n.label.is_some()).count(),
            relationships: ex.edges.len(),
            relationships_unscored_types: unscored,
            node_files: ex.node_files,
            relationship_files: ex.rel_files,
        },
        entity_f1: entities.all().f1,
        relation_f1: relations.all().f1,
        entities,
        relations,
        warnings,
        explain,
    }
}

/// Read the gold file and the export folder, and score (what `newsgraph eval` does).
pub fn run(gold: &Path, exports: &Path) -> anyhow::Result<Report> {
    let gold = load_gold(gold)?;
    let ex = read_exports(exports)?;
    Ok(score_exports(&gold, &ex))
}

// ----------------------------------------------------------------------------- output

/// `{:5.3}`, or `    -` where undefined.
fn num(x: Option<f64>) -> String {
    match x {
        Some(x) => format!("{x:5.3}"),
        None => "    -".to_owned(),
    }
}

/// The 14-line table of `score.py` (no trailing newline).
pub fn render_table(report: &Report) -> String {
    let c = &report.counts;
    let mut lines = vec![
        format!(
            "gold: {} entities, {} relations required ({} docs) | exports: {} nodes, {} relationships in {} files",
            c.gold_entities,
            c.gold_relations,
            c.gold_docs,
            c.nodes,
            c.relationships,
            c.node_files + c.relationship_files
        ),
        format!(
            "{:18} {:>5}  {:>5}  {:>5}  {:>4} {:>4} {:>4} {:>4}",
            "", "P", "R", "F1", "TP", "FP", "FN", "ign"
        ),
    ];
    for (table, total) in [
        (&report.entities, "entities (micro)"),
        (&report.relations, "relations (micro)"),
    ] {
        for (k, m) in &table.0 {
            let name = if k == "all" { total } else { k.as_str() };
            lines.push(format!(
                "{name:18} {}  {}  {}  {:4} {:4} {:4} {:4}",
                num(m.precision),
                num(m.recall),
                num(m.f1),
                m.tp,
                m.fp,
                m.fn_,
                m.ignored
            ));
        }
    }
    lines.push(String::new());
    lines.push(format!(
        "entity F1 {}   relation F1 {}",
        num(report.entity_f1).trim(),
        num(report.relation_f1).trim()
    ));
    lines.join("\n")
}

/// Every false positive and false negative, sorted, as `score.py --explain` lists them
/// before the table (no trailing newline).
pub fn render_explain(report: &Report) -> String {
    let x = &report.explain;
    let label_rank = |l: &str| LABELS.iter().position(|x| x.as_str() == l).unwrap_or(0);
    let arrow = |t: &str| if t == "MET_WITH" { "--" } else { "->" };
    let mut out = vec![format!(
        "Entity false positives ({}): predicted nodes that count against precision",
        x.entity_fp.len()
    )];
    let mut efp: Vec<&EntityFp> = x.entity_fp.iter().collect();
    efp.sort_by(|a, b| (label_rank(&a.label), &a.name).cmp(&(label_rank(&b.label), &b.name)));
    for f in efp {
        out.push(format!(
            "  {:12} \"{}\"  [{}]  {}",
            f.label,
            f.name,
            shorten(&f.docs),
            f.why
        ));
    }
    out.push(format!(
        "Entity false negatives ({}): required gold entities never predicted",
        x.entity_fn.len()
    ));
    let mut efn: Vec<&EntityFn> = x.entity_fn.iter().collect();
    efn.sort_by(|a, b| (label_rank(&a.label), &a.name).cmp(&(label_rank(&b.label), &b.name)));
    for f in efn {
        out.push(format!(
            "  {:12} \"{}\"  [{}]",
            f.label,
            f.name,
            shorten(&f.docs)
        ));
    }
    out.push(format!(
        "Relation false positives ({}): predicted relationships not in gold",
        x.relation_fp.len()
    ));
    let mut rfp: Vec<&RelationFp> = x.relation_fp.iter().collect();
    rfp.sort_by(|a, b| {
        (&a.rel_type, &a.source, &a.target).cmp(&(&b.rel_type, &b.source, &b.target))
    });
    for f in rfp {
        out.push(format!(
            "  {:8} \"{}\" {} \"{}\"  [{}]  {}",
            f.rel_type,
            f.source,
            arrow(&f.rel_type),
            f.target,
            shorten(&f.docs),
            f.why
        ));
    }
    out.push(format!(
        "Relation false negatives ({}): required gold relations not found",
        x.relation_fn.len()
    ));
    let mut rfn: Vec<&RelationFn> = x.relation_fn.iter().collect();
    rfn.sort_by(|a, b| {
        (&a.rel_type, &a.source, &a.target).cmp(&(&b.rel_type, &b.source, &b.target))
    });
    for f in rfn {
        out.push(format!(
            "  {:8} \"{}\" {} \"{}\"  [{}]",
            f.rel_type,
            f.source,
            arrow(&f.rel_type),
            f.target,
            shorten(&f.docs)
        ));
        if !f.evidence.is_empty() {
            let ev = py_split(&f.evidence).collect::<Vec<_>>().join(" ");
            let n = ev.chars().count();
            let head: String = ev.chars().take(200).collect();
            out.push(format!(
                "           evidence: {head}{}",
                if n > 200 { "..." } else { "" }
            ));
        }
    }
    out.join("\n")
}

/// The JSON report of `score.py --json` (`explain` only when asked for), pretty-printed
/// with two-space indents, without a trailing newline. `gold` and `exports` are the paths
/// as given on the command line.
pub fn render_json(report: &Report, gold: &str, exports: &str, explain: bool) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        gold: &'a str,
        exports: &'a str,
        counts: &'a Counts,
        entities: &'a ScoreTable,
        relations: &'a ScoreTable,
        warnings: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        explain: Option<&'a Explain>,
        entity_f1: Option<f64>,
        relation_f1: Option<f64>,
    }
    let out = Out {
        gold,
        exports,
        counts: &report.counts,
        entities: &report.entities,
        relations: &report.relations,
        warnings: &report.warnings,
        explain: explain.then_some(&report.explain),
        entity_f1: report.entity_f1,
        relation_f1: report.relation_f1,
    };
    serde_json::to_string_pretty(&out).expect("a report always serializes")
}

// ----------------------------------------------------------------------------- tests

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_cases_of_the_scorer_selftest() {
        assert_eq!(
            norm("The  People\u{2019}s Republic of China"),
            "peoples republic of china"
        );
        assert_eq!(norm("Fabiola Le\u{f3}n-Velarde"), "fabiola leon velarde");
        assert_eq!(norm("Technology(CAST)"), "technology cast");
        assert_eq!(norm("\u{a0}A\u{a0}Special"), "a special");
    }

    #[test]
    fn norm_details() {
        assert_eq!(norm("Straße"), "strasse");
        assert_eq!(norm("U.S. Dept."), "us dept");
        assert_eq!(norm("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
        assert_eq!(
            norm("Ministry of Science & Technology"),
            "ministry of science technology"
        );
        assert_eq!(norm("the"), "the");
        assert_eq!(norm("The The"), "the");
        assert_eq!(norm("Ｆｕｌｌｗｉｄｔｈ ①"), "fullwidth 1");
        assert_eq!(norm("a\u{fe0f}b"), "a\u{fe0f}b"); // a mark with class 0 stays
        assert_eq!(norm("x\u{200b}y"), "x y"); // a format character separates
        assert_eq!(norm("  "), "");
    }

    #[test]
    fn doc_keys() {
        assert_eq!(doc_key(" corpus/000_0dcc.txt "), "000_0dcc");
        assert_eq!(doc_key("a\\b\\c.d.txt"), "c.d");
        assert_eq!(doc_key(".hidden"), ".hidden");
        assert_eq!(doc_key("plain"), "plain");
    }

    #[test]
    fn header_fields() {
        let f = |s: &str| {
            let (a, b, c) = parse_field(s);
            (a, b, c)
        };
        assert_eq!(f(":ID(Person)"), ("".into(), "ID".into(), "Person".into()));
        assert_eq!(
            f("sources:string[]"),
            ("sources".into(), "STRING".into(), "".into())
        );
        assert_eq!(f(" name:ID "), ("name".into(), "ID".into(), "".into()));
        assert_eq!(f("a:b:c"), ("a:b:c".into(), "".into(), "".into()));
        assert_eq!(
            f("x:int{array:true}"),
            ("x".into(), "INT".into(), "".into())
        );
    }

    #[test]
    fn python_csv_reading() {
        let rows = py_csv_rows("a,\"b,c\",\"d\"\"e\"\n\nx\r\ny,\"multi\nline\"\rz", ',');
        assert_eq!(
            rows,
            vec![
                vec!["a", "b,c", "d\"e"],
                vec![],
                vec!["x"],
                vec!["y", "multi\nline"],
                vec!["z"],
            ]
        );
        assert_eq!(
            py_csv_rows("a\"b\",\"c\"d,", ','),
            vec![vec!["a\"b\"", "cd", ""]]
        );
        assert_eq!(py_csv_rows("\"open", ','), vec![vec!["open"]]);
        assert_eq!(py_csv_rows("a\tb|c", '\t'), vec![vec!["a", "b|c"]]);
        assert_eq!(sniff(b"a\tb\tc,d\n1,2,3,4,5"), '\t');
        assert_eq!(sniff(b""), ',');
    }

    #[test]
    fn hints() {
        assert_eq!(label_hint("persons.csv", ""), Some(Label::Person));
        assert_eq!(label_hint("x.csv", "event"), Some(Label::Event));
        assert_eq!(label_hint("nodes_thing.csv", ""), None);
        assert_eq!(type_hint("rels_MET_WITH.csv"), Some(RelType::MetWith));
        assert_eq!(type_hint("signed.csv"), Some(RelType::Signed));
        assert_eq!(type_hint("rels_based_in.csv"), None);
        assert_eq!(header_stem("persons_header.csv"), Some("persons".into()));
        assert_eq!(header_stem("_header.csv"), None);
    }

    #[test]
    fn rounding_like_python() {
        assert_eq!(round4(1.0 / 32.0), 0.0312);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
        assert_eq!(num(Some(0.7273)), "0.727");
        assert_eq!(num(None), "    -");
        assert_eq!(
            Tally {
                fn_: 2,
                ..Tally::default()
            }
            .scores()
            .precision,
            None
        );
    }

    #[test]
    fn gold_errors_name_the_problem() {
        let check = |json: &str, want: &str| {
            let v: Value = serde_json::from_str(json).unwrap();
            let err = parse_gold(&v).unwrap_err().to_string();
            assert!(err.contains(want), "{err:?} does not contain {want:?}");
        };
        check("[]", "expected an object with an 'entities' list");
        check(
            r#"{"entities": [], "relations": {}}"#,
            "'relations' must be a list",
        );
        check(r#"{"entities": [5]}"#, "entity #0 (5): not an object");
        check(
            r#"{"entities": [{"id": "a", "label": "Place", "name": "X"}]}"#,
            "entity #0 (a): 'label' must be one of",
        );
        check(
            r#"{"entities": [{"id": "a", "label": "Person", "name": "X"}, {"id": "a", "label": "Person", "name": "Y"}]}"#,
            "entity #1 (a): duplicate id",
        );
        check(
            r#"{"entities": [{"id": "a", "label": "Person", "name": null, "docs": ["d"]}]}"#,
            "only an Event may be unnamed",
        );
        check(
            r#"{"entities": [{"id": "a", "label": "Person", "name": "--"}]}"#,
            "'name' must be a non-empty string or null",
        );
        check(
            r#"{"entities": [{"id": "a", "label": "Person", "name": "A", "required": "yes"}]}"#,
            "'required' must be true or false",
        );
        check(
            r#"{"entities": [{"id": "a", "label": "Person", "name": "A"}],
                "relations": [{"type": "MET_WITH", "source": "a", "target": "b"}]}"#,
            "relation #0: unknown entity id 'b'",
        );
        check(
            r#"{"entities": [{"id": "a", "label": "Person", "name": "A"}, {"id": "c", "label": "Country", "name": "C"}],
                "relations": [{"type": "SIGNED", "source": "a", "target": "c"}]}"#,
            "relation #0: SIGNED cannot link Person a to Country c",
        );
        check(
            r#"{"entities": [], "relations": [{"type": "KNOWS"}]}"#,
            "'type' must be one of MET_WITH, SIGNED, ATTENDED",
        );
    }

    // The fixture of score.py's --selftest, with its expected numbers.
    const SELFTEST_GOLD: &str = r#"{
      "docs": ["d1.txt", "d2.txt", "d3.txt"],
      "entities": [
        {"id": "ann-lee", "label": "Person", "name": "Ann Lee", "aliases": ["Dr. Ann Lee"],
         "docs": ["d1.txt", "d2.txt", "d3.txt"], "required": true},
        {"id": "bo-chen", "label": "Person", "name": "Bo Chen", "aliases": [], "docs": ["d1.txt"], "required": true},
        {"id": "cy-dunn", "label": "Person", "name": "Cy Dunn", "aliases": [], "docs": ["d2.txt"], "required": true},
        {"id": "most", "label": "Organization", "name": "Ministry of Science, Technology and Innovation",
         "aliases": ["MOST"], "docs": ["d1.txt", "d2.txt"], "required": true},
        {"id": "daily", "label": "Organization", "name": "Science Daily", "aliases": [], "docs": ["d1.txt"],
         "required": false},
        {"id": "peru", "label": "Country", "name": "Peru", "aliases": ["Peruvian"], "docs": ["d1.txt"],
         "required": true},
        {"id": "mou", "label": "Agreement", "name": "Memorandum on Fish", "aliases": ["MOU"], "docs": ["d2.txt"],
         "required": true},
        {"id": "mou-birds", "label": "Agreement", "name": "Memorandum on Birds", "aliases": ["MOU"],
         "docs": ["d3.txt"], "required": true},
        {"id": "talks-d1", "label": "Event", "name": null, "docs": ["d1.txt"], "required": true},
        {"id": "talks-d3", "label": "Event", "name": null, "docs": ["d3.txt"], "required": false},
        {"id": "fish-forum", "label": "Event", "name": "Fish Forum", "aliases": [], "docs": ["d2.txt"],
         "required": true}
      ],
      "relations": [
        {"type": "MET_WITH", "source": "ann-lee", "target": "bo-chen", "doc": "d1.txt", "required": true},
        {"type": "ATTENDED", "source": "ann-lee", "target": "talks-d1", "doc": "d1.txt", "required": true},
        {"type": "ATTENDED", "source": "bo-chen", "target": "talks-d1", "doc": "d1.txt", "required": true},
        {"type": "ATTENDED", "source": "ann-lee", "target": "fish-forum", "doc": "d2.txt", "required": true},
        {"type": "SIGNED", "source": "cy-dunn", "target": "mou", "doc": "d2.txt", "required": true,
         "evidence": "Cy Dunn signed the Memorandum on Fish."},
        {"type": "SIGNED", "source": "most", "target": "mou", "doc": "d2.txt", "required": false},
        {"type": "SIGNED", "source": "ann-lee", "target": "mou-birds", "doc": "d3.txt", "required": true}
      ]
    }"#;

    const SELFTEST_FILES: &[(&str, &str)] = &[
        (
            "persons_header.csv",
            "id:ID(Person),name:string,:LABEL,sources:string[]\n",
        ),
        (
            "persons_part1.csv",
            "p1,Dr. Ann Lee,Person,d1.txt\np2,\"Ann  Lee\",Person,d2.txt\n",
        ),
        (
            "persons_part2.csv",
            "p3,BO CHÉN,Person;Official,d1.txt\np4,Zed Quux,Person,d1.txt;d2.txt\n",
        ),
        (
            "sub/orgs.csv",
            ":ID(Org),name,:LABEL,sources:string[]\n\
             o1,\"Ministry of Science, Technology and Innovation\",Organization,d1.txt;d2.txt\n\
             o2,MOST,Organization,d2.txt\n\
             o3,Science Daily,Organization,d1.txt\n\
             o4,Beijing,Location,d1.txt\n",
        ),
        (
            "other.csv",
            ":ID,name:string,:LABEL,sources:string[]\n\
             c1,Peruvian,Country,d1.txt\n\
             a2,MOU,Agreement,d3.txt\n\
             a1,MOU,Agreement,d2.txt\n\
             e2,Another meeting,Event,d1.txt\n\
             e1,Talks in Lima,Event,d1.txt\n\
             e3,\"The \"\"Fish\"\" Forum\",Event,d2.txt\n\
             e4,Café Summit,Event,d3.txt\n\
             e5,Café Summit,Event,d3.txt\n",
        ),
        (
            "rels_met.csv",
            ":START_ID(Person),:END_ID(Person),:TYPE,doc\n\
             p3,p1,MET_WITH,d1.txt\n\
             p1,p3,MET_WITH,d1.txt\n\
             p2,p3,MET_WITH,d2.txt\n",
        ),
        (
            "rels_person.csv",
            ":START_ID(Person),:END_ID,:TYPE,doc\n\
             p1,e1,ATTENDED,d1.txt\n\
             p3,e1,ATTENDED,d1.txt\n\
             p4,e1,ATTENDED,d1.txt\n\
             p1,e3,ATTENDED,d2.txt\n\
             p1,zz,ATTENDED,d1.txt\n\
             p1,a2,SIGNED,d3.txt\n",
        ),
        (
            "rels_org.csv",
            ":START_ID(Org)\t:END_ID\t:TYPE\no1\ta1\tSIGNED\no2\ta1\tSIGNED\no1\tc1\tBASED_IN\n",
        ),
    ];

    fn selftest_report() -> Report {
        let dir = tempfile::tempdir().unwrap();
        let gold_path = dir.path().join("gold.json");
        std::fs::write(&gold_path, SELFTEST_GOLD).unwrap();
        let exports = dir.path().join("exports");
        for (name, text) in SELFTEST_FILES {
            let path = exports.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        run(&gold_path, &exports).unwrap()
    }

    #[test]
    fn scorer_selftest_fixture() {
        let report = selftest_report();
        type Row = (&'static str, &'static str, (usize, usize, usize, usize));
        let expected: &[Row] = &[
            ("entities", "Person", (2, 2, 1, 0)),
            ("entities", "Organization", (1, 1, 0, 1)),
            ("entities", "Country", (1, 0, 0, 0)),
            ("entities", "Agreement", (2, 0, 0, 0)),
            ("entities", "Event", (2, 2, 0, 1)),
            ("entities", "all", (8, 5, 1, 2)),
            ("relations", "MET_WITH", (1, 0, 0, 0)),
            ("relations", "SIGNED", (1, 0, 1, 1)),
            ("relations", "ATTENDED", (3, 2, 0, 0)),
            ("relations", "all", (5, 2, 1, 1)),
        ];
        for (section, key, want) in expected {
            let table = if *section == "entities" {
                &report.entities
            } else {
                &report.relations
            };
            let m = table.get(key).unwrap();
            assert_eq!((m.tp, m.fp, m.fn_, m.ignored), *want, "{section} {key}");
        }
        assert_eq!(report.entity_f1, Some(0.7273));
        assert_eq!(report.relation_f1, Some(0.7692));
        assert_eq!(report.entities.get("Person").unwrap().f1, Some(0.5714));
        assert_eq!(report.relations.get("SIGNED").unwrap().f1, Some(0.6667));
        assert!(report.warnings.iter().any(|w| w.contains("zz")));
        let fn_names: Vec<&str> = report
            .explain
            .entity_fn
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(fn_names, ["Cy Dunn"]);
        assert_eq!(
            report
                .explain
                .entity_fp
                .iter()
                .filter(|f| f.why.contains("duplicate"))
                .count(),
            2
        );
        let evidence: Vec<&str> = report
            .explain
            .relation_fn
            .iter()
            .map(|f| f.evidence.as_str())
            .collect();
        assert_eq!(evidence, ["Cy Dunn signed the Memorandum on Fish."]);
        assert_eq!(
            report.counts.node_files + report.counts.relationship_files,
            7
        );
        assert_eq!(report.counts.relationships_unscored_types["BASED_IN"], 1);

        let json: Value =
            serde_json::from_str(&render_json(&report, "g.json", "ex", true)).unwrap();
        assert_eq!(json["entity_f1"], 0.7273);
        assert_eq!(json["entities"]["all"]["fn"], 1);
        assert!(json["explain"]["entity_fp"].is_array());
        let json: Value =
            serde_json::from_str(&render_json(&report, "g.json", "ex", false)).unwrap();
        assert!(json.get("explain").is_none());
    }

    /// `score.py --gold G --exports DIR --explain` on its selftest fixture, verbatim.
    const SELFTEST_OUTPUT: &str = r#"Entity false positives (5): predicted nodes that count against precision
  Person       "Ann  Lee"  [d2.txt]  duplicate of gold ann-lee (Ann Lee)
  Person       "Zed Quux"  [d1.txt,d2.txt]  no gold Person has this name
  Organization "MOST"  [d2.txt]  duplicate of gold most (Ministry of Science, Technology and Innovation)
  Event        "Another meeting"  [d1.txt]  no gold Event has this name, and no unnamed gold event of its docs was left for it
  Event        "Café Summit"  [d3.txt]  no gold Event has this name, and no unnamed gold event of its docs was left for it
Entity false negatives (1): required gold entities never predicted
  Person       "Cy Dunn"  [d2.txt]
Relation false positives (2): predicted relationships not in gold
  ATTENDED "Ann Lee" -> "zz"  [d1.txt]  node id zz is in no node file
  ATTENDED "Zed Quux" -> "(unnamed event in d1.txt)"  [d1.txt]  "Zed Quux" matches no gold entity
Relation false negatives (1): required gold relations not found
  SIGNED   "Cy Dunn" -> "Memorandum on Fish"  [d2.txt]
           evidence: Cy Dunn signed the Memorandum on Fish.

gold: 9 entities, 6 relations required (3 docs) | exports: 16 nodes, 12 relationships in 7 files
                       P      R     F1    TP   FP   FN  ign
Person             0.500  0.667  0.571     2    2    1    0
Organization       0.500  1.000  0.667     1    1    0    1
Country            1.000  1.000  1.000     1    0    0    0
Agreement          1.000  1.000  1.000     2    0    0    0
Event              0.500  1.000  0.667     2    2    0    1
entities (micro)   0.615  0.889  0.727     8    5    1    2
MET_WITH           1.000  1.000  1.000     1    0    0    0
SIGNED             1.000  0.500  0.667     1    0    1    1
ATTENDED           0.600  1.000  0.750     3    2    0    0
relations (micro)  0.714  0.833  0.769     5    2    1    1

entity F1 0.727   relation F1 0.769"#;

    #[test]
    fn output_is_the_scorers() {
        let report = selftest_report();
        let out = format!("{}\n\n{}", render_explain(&report), render_table(&report));
        assert_eq!(out, SELFTEST_OUTPUT);
        assert_eq!(render_table(&report).lines().count(), 14);
    }

    #[test]
    fn missing_inputs_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_exports(&dir.path().join("nope")).unwrap_err();
        assert!(err.to_string().contains("does not exist"));
        let err = read_exports(dir.path()).unwrap_err();
        assert!(err.to_string().contains("no node CSV file"));
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, "{not json").unwrap();
        assert!(load_gold(&bad)
            .unwrap_err()
            .to_string()
            .contains("is not valid JSON"));
        std::fs::write(dir.path().join("n.csv"), b":ID,name\nx,\xff\n").unwrap();
        assert!(read_exports(dir.path())
            .unwrap_err()
            .to_string()
            .contains("is not UTF-8 text"));
    }
}
