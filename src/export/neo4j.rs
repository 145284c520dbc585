//! Neo4j exports: the admin-import CSV files, `import.sh`, the LOAD CSV scripts, and the
//! `evidence.jsonl` side file that makes the CSV export loss-free (see the module docs of
//! `export` for the shapes). The row functions here are shared with the loader, so that what
//! is written and what is read back are defined in one place.

use crate::graph::{Brief, KnowledgeGraph};
use crate::model::{Entity, Evidence, Label, RelType, Relation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

/// The separator of array values and of labels in `:LABEL` (neo4j-admin's default).
pub const ARRAY_DELIMITER: char = ';';
/// What an `ARRAY_DELIMITER` inside an array element is replaced by in the CSV.
pub const ARRAY_DELIMITER_REPLACEMENT: char = ',';
/// What a backslash that would precede a quote in the CSV text is replaced by (U+FF3C
/// FULLWIDTH REVERSE SOLIDUS): LOAD CSV reads `\"` as an escaped quote by default.
pub const BACKSLASH_REPLACEMENT: char = '\u{FF3C}';

/// The label every node carries besides its own, for one uniqueness constraint.
pub const ENTITY_LABEL: &str = "Entity";

pub const NODE_HEADER: [&str; 9] = [
    "id:ID(Entity)",
    ":LABEL",
    "name",
    "named:boolean",
    "aliases:string[]",
    "sources:string[]",
    "country",
    "date",
    "place",
];

pub const REL_HEADER: [&str; 9] = [
    ":START_ID(Entity)",
    ":END_ID(Entity)",
    ":TYPE",
    "docs:string[]",
    "evidence",
    "evidence_count:int",
    "title",
    "date",
    "urls:string[]",
];

/// A property of a CSV header field (`named:boolean` → `named`, `boolean`); `None` for the
/// id, label, type and endpoint fields, which are not properties.
pub fn header_property(field: &str) -> Option<(&str, &str)> {
    if field.starts_with(':') {
        return None;
    }
    Some(match field.split_once(':') {
        Some((_, t)) if t.starts_with("ID(") => ("id", "string"),
        Some((name, t)) => (name, t),
        None => (field, "string"),
    })
}

pub const IMPORT_SCRIPT: &str = "import.sh";
pub const LOAD_CYPHER: &str = "load.cypher";
pub const LOAD_FALKORDB: &str = "load.falkordb.cypher";
pub const EVIDENCE_FILE: &str = "evidence.jsonl";

/// First line of `evidence.jsonl`.
pub const EVIDENCE_FORMAT: &str = "newsgraph-evidence";
pub const EVIDENCE_VERSION: u32 = 1;

pub fn node_file(label: Label) -> String {
    format!("nodes_{}.csv", label.slug())
}

pub fn rel_file(t: RelType) -> String {
    format!("rels_{}.csv", t.slug())
}

/// Replace the characters a CSV field must not carry: CR, LF and NUL become a space (no
/// `--multiline-fields` needed; NUL breaks readers); a backslash right before a `"` or at the
/// end of the field becomes U+FF3C (LOAD CSV would read `\"` as an escaped quote).
pub fn clean_scalar(s: &str) -> String {
    if !s.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0 | b'\\')) {
        return s.to_owned();
    }
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '\r' | '\n' | '\0' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\\' && matches!(chars.get(i + 1), None | Some('"')) {
            out.push(BACKSLASH_REPLACEMENT);
        } else {
            out.push(c);
        }
    }
    out
}

/// One array element as the CSV holds it: `;` becomes `,`, CR/LF/NUL a space, surrounding
/// whitespace is trimmed (neo4j-admin keeps it), then `clean_scalar`. May be empty (dropped).
pub fn clean_element(s: &str) -> String {
    let plain = |b: u8| !matches!(b, b'\r' | b'\n' | 0 | b'\\') && char::from(b) != ARRAY_DELIMITER;
    if s.bytes().all(plain) && s.trim() == s {
        return s.to_owned();
    }
    let replaced: String = s
        .chars()
        .map(|c| match c {
            ARRAY_DELIMITER => ARRAY_DELIMITER_REPLACEMENT,
            c => c,
        })
        .collect();
    clean_scalar(replaced.replace(['\r', '\n', '\0'], " ").trim())
}

/// An array field: cleaned, non-empty elements joined by `;` (an empty field = no property).
pub fn join_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for item in items {
        let e = clean_element(item);
        if e.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(ARRAY_DELIMITER);
        }
        out.push_str(&e);
    }
    out
}

/// Split an array field back into its elements.
pub fn split_array(s: &str) -> BTreeSet<String> {
    s.split(ARRAY_DELIMITER)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect()
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(clean_scalar).unwrap_or_default()
}

fn un_opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// The CSV row of an entity, in `NODE_HEADER` order.
pub fn entity_row(e: &Entity) -> Vec<String> {
    vec![
        e.id.clone(),
        format!("{ENTITY_LABEL}{ARRAY_DELIMITER}{}", e.label.as_str()),
        clean_scalar(&e.name),
        e.named.to_string(),
        join_array(e.aliases.iter().map(String::as_str)),
        join_array(e.sources.iter().map(String::as_str)),
        opt(&e.country),
        opt(&e.date),
        opt(&e.place),
    ]
}

/// The CSV row of a relation, in `REL_HEADER` order. `evidence` holds the first evidence
/// sentence (evidence is sorted by document, then offsets), `evidence_count` how many there are.
pub fn relation_row(r: &Relation) -> Vec<String> {
    relation_row_of(r, &Brief::of(&r.evidence))
}

/// [`relation_row`] from the brief of the relation's evidence (its own is not read).
pub fn relation_row_of(r: &Relation, brief: &Brief) -> Vec<String> {
    vec![
        r.source.to_string(),
        r.target.to_string(),
        r.rel_type.as_str().to_owned(),
        join_array(brief.docs.iter().copied()),
        clean_scalar(brief.first.as_deref().unwrap_or("")),
        brief.count.to_string(),
        opt(&r.title),
        opt(&r.date),
        join_array(brief.urls.iter().copied()),
    ]
}

/// A row read from a CSV file: value by header name (a missing column reads as empty).
pub struct Row<'a> {
    pub header: &'a [String],
    pub fields: &'a csv::StringRecord,
}

impl Row<'_> {
    pub fn get(&self, column: &str) -> &str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.fields.get(i))
            .unwrap_or("")
    }

    /// Whether this row holds exactly `expected` (in `header_names` order).
    pub fn matches(&self, header_names: &[&str], expected: &[String]) -> bool {
        header_names
            .iter()
            .zip(expected)
            .all(|(h, v)| self.get(h) == v)
    }
}

/// The entity a node row describes, as far as the CSV can tell (see `entity_row`).
pub fn entity_from_row(row: &Row) -> Result<Entity, String> {
    let id = row.get(NODE_HEADER[0]);
    if id.is_empty() {
        return Err("empty id".into());
    }
    let labels = row.get(":LABEL");
    let label = labels
        .split(ARRAY_DELIMITER)
        .filter(|l| *l != ENTITY_LABEL)
        .find_map(Label::parse)
        .ok_or_else(|| {
            format!("no Person/Organization/Country/Agreement/Event label in {labels:?}")
        })?;
    let named = match row.get("named:boolean") {
        "true" | "" => true,
        "false" => false,
        other => return Err(format!("named:boolean is {other:?}, not true/false")),
    };
    Ok(Entity {
        id: id.to_owned(),
        label,
        name: row.get("name").to_owned(),
        named,
        aliases: split_array(row.get("aliases:string[]")),
        sources: split_array(row.get("sources:string[]")),
        country: un_opt(row.get("country")),
        date: un_opt(row.get("date")),
        place: un_opt(row.get("place")),
    })
}

/// The relation a relationship row describes, as far as the CSV can tell: the evidence is
/// one entry per document of `docs`, offsets 0, the `evidence` sentence on the first one.
/// (The exact evidence comes from `evidence.jsonl`; this is the fallback for hand-made or
/// hand-edited CSVs.)
pub fn relation_from_row(row: &Row) -> Result<Relation, String> {
    let source = row.get(REL_HEADER[0]);
    let target = row.get(REL_HEADER[1]);
    if source.is_empty() || target.is_empty() {
        return Err("empty :START_ID or :END_ID".into());
    }
    let type_text = row.get(":TYPE");
    let rel_type = RelType::parse(type_text)
        .ok_or_else(|| format!("unknown relationship type {type_text:?}"))?;
    let docs = split_array(row.get("docs:string[]"));
    if docs.is_empty() {
        return Err("no docs: a relation needs at least one document".into());
    }
    let sentence = row.get("evidence");
    let evidence = docs
        .into_iter()
        .enumerate()
        .map(|(i, doc)| Evidence {
            doc: doc.into(),
            start: 0,
            end: 0,
            sentence: if i == 0 { sentence } else { "" }.into(),
            ..Evidence::default()
        })
        .collect();
    Ok(Relation {
        rel_type,
        source: source.into(),
        target: target.into(),
        title: un_opt(row.get("title")),
        date: un_opt(row.get("date")),
        evidence,
    })
}

/// Whether reading `entity_row(e)` back gives `e` exactly (else the exact entity goes to
/// `evidence.jsonl`).
pub fn entity_row_is_exact(e: &Entity) -> bool {
    let header: Vec<String> = NODE_HEADER.iter().map(|s| s.to_string()).collect();
    let fields = csv::StringRecord::from(entity_row(e));
    entity_from_row(&Row {
        header: &header,
        fields: &fields,
    })
    .as_ref()
        == Ok(e)
}

/// First line of `evidence.jsonl`.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
pub struct EvidenceHeader {
    pub format: String,
    pub version: u32,
}

/// The other lines of `evidence.jsonl`: `{"entity": {...}}` for each entity whose CSV row is
/// not exact, `{"relation": {...}}` for every relation (with all its evidence).
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "lowercase")]
pub enum SideRecord {
    Entity(Entity),
    Relation(Relation),
}

/// [`SideRecord`] for writing, without copying the entity or relation.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum SideRecordRef<'a> {
    Entity(&'a Entity),
    Relation(&'a Relation),
}

/// Write the whole `evidence.jsonl` to `w`.
pub fn write_evidence_jsonl(graph: &KnowledgeGraph, w: &mut dyn Write) -> anyhow::Result<()> {
    serde_json::to_writer(
        &mut *w,
        &EvidenceHeader {
            format: EVIDENCE_FORMAT.into(),
            version: EVIDENCE_VERSION,
        },
    )?;
    w.write_all(b"\n")?;
    for e in graph.full_entities() {
        if !entity_row_is_exact(&e) {
            serde_json::to_writer(&mut *w, &SideRecordRef::Entity(&e))?;
            w.write_all(b"\n")?;
        }
    }
    // The relations' lines are the bulk of the file: made in parallel on the current rayon
    // pool, a block of parts at a time, and written in edge order. A part is up to 64
    // relations or about 2,048 evidence entries (a much-cited relation has thousands), so
    // that a block's lines stay a few megabytes.
    use rayon::prelude::*;
    const PART: usize = 64;
    const PART_ENTRIES: usize = 2048;
    let edges: Vec<_> = graph.graph.edge_indices().collect();
    let mut parts: Vec<&[petgraph::graph::EdgeIndex]> = Vec::new();
    let (mut start, mut entries) = (0, 0);
    for (i, &e) in edges.iter().enumerate() {
        entries += graph.evidence_count(e);
        if i + 1 - start == PART || entries >= PART_ENTRIES || i + 1 == edges.len() {
            parts.push(&edges[start..=i]);
            (start, entries) = (i + 1, 0);
        }
    }
    for block in parts.chunks(16) {
        let parts: Vec<anyhow::Result<Vec<u8>>> = block
            .par_iter()
            .map(|part| {
                let mut buf = Vec::new();
                for &e in *part {
                    serde_json::to_writer(
                        &mut buf,
                        &SideRecordRef::Relation(&*graph.relation_full(e)?),
                    )?;
                    buf.push(b'\n');
                }
                Ok(buf)
            })
            .collect();
        for part in parts {
            w.write_all(&part?)?;
        }
    }
    Ok(())
}

/// Write a CSV file to `w`: the header, then the rows (RFC 4180, `QuoteStyle::Necessary`,
/// LF). Returns the number of rows.
pub fn write_csv<I>(w: &mut dyn Write, header: &[&str], rows: I) -> anyhow::Result<usize>
where
    I: IntoIterator<Item = Vec<String>>,
{
    write_csv_rows(w, header, rows.into_iter().map(Ok))
}

/// [`write_csv`] for rows that may fail to be made (a relation's evidence read back).
pub fn write_csv_rows<I>(w: &mut dyn Write, header: &[&str], rows: I) -> anyhow::Result<usize>
where
    I: IntoIterator<Item = std::io::Result<Vec<String>>>,
{
    let mut w = csv::WriterBuilder::new()
        .delimiter(b',')
        .quote(b'"')
        .double_quote(true)
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    w.write_record(header)?;
    let mut n = 0;
    for row in rows {
        w.write_record(&row?)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// A CSV file's bytes (see [`write_csv`]).
#[cfg(test)]
pub fn csv_bytes<I>(header: &[&str], rows: I) -> anyhow::Result<(Vec<u8>, usize)>
where
    I: IntoIterator<Item = Vec<String>>,
{
    let mut bytes = Vec::new();
    let n = write_csv(&mut bytes, header, rows)?;
    Ok((bytes, n))
}

/// `import.sh`: the neo4j-admin command for these files.
pub fn import_sh() -> String {
    let mut s = String::from(
        "#!/bin/sh
# Import this newsgraph export into a new Neo4j 5 database with neo4j-admin.
#
#   NEO4J_HOME=/path/to/neo4j sh import.sh
#
# (without NEO4J_HOME, the neo4j-admin on PATH is used)
# neo4j-admin writes the store of database 'neo4j' (edit the name below for another one):
# stop the server first; the database must not exist yet (or add
# --overwrite-destination=true). For a name other than the default database, run
# CREATE DATABASE <name> afterwards. Indexes and constraints are not built by the import:
# afterwards run
#   CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
# File paths are relative to this folder (the script changes into it). Arrays and labels are
# separated by ';' (never part of an element); no field spans lines.
set -eu
if [ -n \"${NEO4J_HOME:-}\" ]; then NEO4J_HOME=$(cd \"$NEO4J_HOME\" && pwd); fi
cd \"$(dirname \"$0\")\"
\"${NEO4J_HOME:+$NEO4J_HOME/bin/}neo4j-admin\" database import full neo4j \\
",
    );
    for l in Label::ALL {
        let _ = writeln!(s, "  --nodes={} \\", node_file(l));
    }
    for t in RelType::ALL {
        let _ = writeln!(s, "  --relationships={} \\", rel_file(t));
    }
    s.push_str(
        "  --delimiter=',' --array-delimiter=';' --quote='\"' --id-type=string \\
  --multiline-fields=false --ignore-empty-strings=false --trim-strings=false \\
  --skip-duplicate-nodes=false --skip-bad-relationships=false \\
  --input-encoding=UTF-8
",
    );
    s
}

/// Whether the script batches with `CALL { } IN TRANSACTIONS` and declares a Neo4j 5
/// constraint (Neo4j) or a plain index (FalkorDB, which has neither).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Neo4j,
    FalkorDb,
}

fn node_set_clause() -> &'static str {
    "n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place"
}

fn rel_set_clause() -> &'static str {
    "r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';')"
}

/// `load.cypher` / `load.falkordb.cypher`.
pub fn load_script(dialect: Dialect) -> String {
    let mut s = String::new();
    match dialect {
        Dialect::Neo4j => s.push_str(
            "// newsgraph: load this export into an existing Neo4j 5 database with LOAD CSV.
//
// 1. Copy the nodes_*.csv and rels_*.csv files into the server's import directory
//    (server.directories.import; Neo4j Desktop: \"Open folder > Import\").
//    Aura cannot read local files: host the CSVs on HTTPS and replace 'file:///' below.
// 2. cypher-shell -u neo4j -p <password> -f load.cypher
//    (Neo4j Browser: prefix each statement with :auto, as CALL { } IN TRANSACTIONS needs
//    an implicit transaction.)
//
// Idempotent: nodes are MERGEd on the id (one uniqueness constraint on :Entity(id)) and
// relationships on (start, type, end), then their properties are SET, so running it again
// updates instead of duplicating. Arrays are split on ';' like neo4j-admin does; an empty
// field is a null, which SET turns into \"no property\". The script only refers to CSV
// columns: no entity text is ever part of the Cypher.
// For FalkorDB use load.falkordb.cypher.

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
",
        ),
        Dialect::FalkorDb => s.push_str(
            "// newsgraph: load this export into FalkorDB with LOAD CSV.
//
// Same statements as load.cypher, adapted to FalkorDB: Neo4j 5's CREATE CONSTRAINT ...
// REQUIRE and CALL { } IN TRANSACTIONS do not parse there, so the script creates a plain
// index on :Entity(id) (FalkorDB's uniqueness constraints need the GRAPH.CONSTRAINT
// command) and runs each LOAD CSV as one statement.
//
// Start FalkorDB with IMPORT_FOLDER set to this folder (redis-server --loadmodule
// falkordb.so IMPORT_FOLDER /path/to/this/folder/), then send each statement with
// GRAPH.QUERY <graph> \"<statement>\". Every statement ends with ';' at the end of a line
// (split on that, not on every ';': split(..., ';') is part of the statements). Re-running
// is safe: nodes and relationships are MERGEd, then SET; only CREATE INDEX then reports
// that the index exists.

CREATE INDEX FOR (n:Entity) ON (n.id);
",
        ),
    }
    for l in Label::ALL {
        let file = node_file(l);
        let label = l.as_str();
        let body = format!(
            "MERGE (n:Entity {{id: row.`id:ID(Entity)`}})\n  SET n:{label},\n      {}",
            node_set_clause()
        );
        push_load(&mut s, dialect, &file, &body);
    }
    for t in RelType::ALL {
        let file = rel_file(t);
        let ty = t.as_str();
        let body = format!(
            "MATCH (a:Entity {{id: row.`:START_ID(Entity)`}})\n  \
             MATCH (b:Entity {{id: row.`:END_ID(Entity)`}})\n  \
             MERGE (a)-[r:{ty}]->(b)\n  SET {}",
            rel_set_clause()
        );
        push_load(&mut s, dialect, &file, &body);
    }
    s
}

fn push_load(s: &mut String, dialect: Dialect, file: &str, body: &str) {
    s.push('\n');
    let _ = writeln!(s, "LOAD CSV WITH HEADERS FROM 'file:///{file}' AS row");
    match dialect {
        Dialect::Neo4j => {
            let _ = writeln!(
                s,
                "CALL {{ WITH row\n  {body}\n}} IN TRANSACTIONS OF 1000 ROWS;"
            );
        }
        Dialect::FalkorDb => {
            let _ = writeln!(s, "{body};");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_lose_only_line_breaks_nul_and_quote_backslashes() {
        assert_eq!(clean_scalar("a\r\nb\0c"), "a  b c");
        assert_eq!(clean_scalar("keep ; , \" ' \t = @"), "keep ; , \" ' \t = @");
        assert_eq!(clean_scalar(r#"a\"b"#), "a\u{FF3C}\"b");
        assert_eq!(clean_scalar(r"C:\dir\"), "C:\\dir\u{FF3C}");
        assert_eq!(clean_scalar(r"a\b"), r"a\b");
    }

    #[test]
    fn array_elements_never_hold_the_delimiter() {
        assert_eq!(clean_element(" a;b \n"), "a,b");
        assert_eq!(join_array(["x;y", "  ", "z", "\n"]), "x,y;z");
        assert_eq!(split_array("x,y;z"), ["x,y", "z"].map(String::from).into());
        assert!(split_array("").is_empty());
        assert_eq!(join_array(["tail\\ "]), "tail\u{FF3C}");
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        let (bytes, n) = csv_bytes(
            &["a", "b"],
            [
                vec!["x,y".to_string(), "say \"hi\"".to_string()],
                vec!["plain".into(), "".into()],
            ],
        )
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\n\"x,y\",\"say \"\"hi\"\"\"\nplain,\n"
        );
    }

    #[test]
    fn import_script_names_every_file_and_the_database_first() {
        let s = import_sh();
        assert!(s.contains("database import full neo4j \\\n  --nodes=nodes_person.csv"));
        for t in RelType::ALL {
            assert!(s.contains(&format!("--relationships={}", rel_file(t))));
        }
        assert!(s.contains("--array-delimiter=';'"));
    }

    #[test]
    fn load_scripts_differ_only_where_falkordb_needs_it() {
        let neo = load_script(Dialect::Neo4j);
        let falkor = load_script(Dialect::FalkorDb);
        let falkor_code: String = falkor
            .lines()
            .filter(|l| !l.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(neo.contains("REQUIRE n.id IS UNIQUE"));
        assert!(neo.contains("IN TRANSACTIONS OF 1000 ROWS;"));
        assert!(!falkor_code.contains("REQUIRE"));
        assert!(!falkor_code.contains("IN TRANSACTIONS"));
        assert!(falkor_code.contains("CREATE INDEX FOR (n:Entity) ON (n.id);"));
        for s in [&neo, &falkor] {
            assert_eq!(s.matches("LOAD CSV WITH HEADERS").count(), 10);
            assert!(s.contains("MERGE (a)-[r:AFFILIATED_WITH]->(b)"));
        }
    }
}
