//! Reading an export back into a `KnowledgeGraph` (`export::load`).

use super::manifest::{Manifest, MANIFEST_FILE};
use super::neo4j::{
    entity_from_row, entity_row, relation_from_row, relation_row, EvidenceHeader, Row, SideRecord,
    EVIDENCE_FILE, EVIDENCE_FORMAT, EVIDENCE_VERSION, NODE_HEADER, REL_HEADER,
};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, RelType, Relation};
use anyhow::{bail, Context};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Read the Neo4j CSVs of an export folder (and its `evidence.jsonl`, when present) back
/// into a graph. See the `export` module docs for the rules.
pub fn load(dir: &Path) -> anyhow::Result<KnowledgeGraph> {
    if !dir.is_dir() {
        bail!(
            "{}: not a folder (expected the output of `newsgraph build`)",
            dir.display()
        );
    }
    let (node_files, rel_files) = list_csv(dir)?;
    if node_files.is_empty() {
        bail!(
            "{}: no nodes_*.csv file: not a newsgraph export, or one written without the neo4j format",
            dir.display()
        );
    }
    let manifest = Manifest::read(dir)?;
    if let Some(m) = &manifest {
        m.verify(dir)?;
    }
    let side = read_side_file(&dir.join(EVIDENCE_FILE))?;

    let mut entities: BTreeMap<String, (Entity, String)> = BTreeMap::new();
    for path in &node_files {
        let name = file_name(path);
        let rows = read_csv(path, &NODE_HEADER[..3], &manifest)?;
        for (line, fields) in &rows.records {
            let row = Row {
                header: &rows.header,
                fields,
            };
            let at = format!("{name}:{line}");
            let entity = match side.entities.get(row.get(NODE_HEADER[0])) {
                Some(exact) if row.matches(&NODE_HEADER, &entity_row(exact)) => exact.clone(),
                _ => entity_from_row(&row).map_err(|e| anyhow::anyhow!("{at}: {e}"))?,
            };
            if let Some((_, first)) = entities.get(&entity.id) {
                bail!("{at}: node id {:?} already defined at {first}", entity.id);
            }
            entities.insert(entity.id.clone(), (entity, at));
        }
    }

    let mut relations: BTreeMap<(String, RelType, String), (Relation, String)> = BTreeMap::new();
    for path in &rel_files {
        let name = file_name(path);
        let rows = read_csv(path, &REL_HEADER[..3], &manifest)?;
        for (line, fields) in &rows.records {
            let row = Row {
                header: &rows.header,
                fields,
            };
            let at = format!("{name}:{line}");
            let exact = RelType::parse(row.get(":TYPE")).and_then(|t| {
                let key = (
                    row.get(REL_HEADER[0]).to_owned(),
                    t,
                    row.get(REL_HEADER[1]).to_owned(),
                );
                side.relations
                    .get(&key)
                    .filter(|exact| row.matches(&REL_HEADER, &relation_row(exact)))
            });
            let rel = match exact {
                Some(exact) => exact.clone(),
                None => relation_from_row(&row).map_err(|e| anyhow::anyhow!("{at}: {e}"))?,
            };
            let key = (rel.source.to_string(), rel.rel_type, rel.target.to_string());
            for end in [&rel.source, &rel.target] {
                if !entities.contains_key(&**end) {
                    bail!("{at}: relationship endpoint {end:?} is not a node of any nodes_*.csv");
                }
            }
            if let Some((_, first)) = relations.get(&key) {
                bail!(
                    "{at}: relationship {} -[{}]-> {} already defined at {first}",
                    key.0,
                    key.1,
                    key.2
                );
            }
            relations.insert(key, (rel, at));
        }
    }

    let (graph, dropped) = KnowledgeGraph::new(
        entities.into_values().map(|(e, _)| e).collect(),
        relations.into_values().map(|(r, _)| r).collect(),
    );
    debug_assert!(dropped.is_empty());
    Ok(graph)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `nodes_*.csv` and `rels_*.csv` of `dir`, sorted by name.
fn list_csv(dir: &Path) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut nodes = Vec::new();
    let mut rels = Vec::new();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".csv") {
            continue;
        }
        if name.starts_with("nodes_") {
            nodes.push(entry.path());
        } else if name.starts_with("rels_") {
            rels.push(entry.path());
        }
    }
    nodes.sort();
    rels.sort();
    Ok((nodes, rels))
}

struct CsvRows {
    header: Vec<String>,
    /// (line number, fields) per data row.
    records: Vec<(u64, csv::StringRecord)>,
}

/// Read a CSV file whose first line is a header holding at least `required` columns; every
/// row must have as many fields as the header. Errors name the file and line.
fn read_csv(
    path: &Path,
    required: &[&str],
    manifest: &Option<Manifest>,
) -> anyhow::Result<CsvRows> {
    let name = file_name(path);
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        None => bail!("{name}: empty file (expected a header line)"),
        Some(Err(e)) => bail!("{name}:1: {}", csv_error(&e)),
        Some(Ok(h)) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_owned())
            .collect(),
    };
    for col in required {
        if !header.iter().any(|h| h == col) {
            bail!(
                "{name}:1: the header has no {col:?} column (found {:?})",
                header.join(",")
            );
        }
    }
    let mut out = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| anyhow::anyhow!("{name}: {}", csv_error(&e)))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() == 1 && rec.get(0) == Some("") {
            continue; // a blank line
        }
        if rec.len() != header.len() {
            bail!(
                "{name}:{line}: {} fields, but the header has {} (truncated or corrupt file?)",
                rec.len(),
                header.len()
            );
        }
        out.push((line, rec));
    }
    if let Some(m) = manifest {
        if let Some(expected) = m.rows(&name) {
            if expected != out.len() {
                bail!(
                    "{name}: {} rows, but {MANIFEST_FILE} says {expected} (truncated or edited file? \
                     delete {MANIFEST_FILE} to load edited CSVs)",
                    out.len()
                );
            }
        }
    }
    Ok(CsvRows {
        header,
        records: out,
    })
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => format!(
            "line {}: not UTF-8 ({err})",
            pos.as_ref().map(|p| p.line()).unwrap_or(0)
        ),
        _ => e.to_string(),
    }
}

#[derive(Default)]
struct SideFile {
    entities: HashMap<String, Entity>,
    relations: HashMap<(String, RelType, String), Relation>,
}

fn read_side_file(path: &Path) -> anyhow::Result<SideFile> {
    let mut side = SideFile::default();
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(side),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let text = String::from_utf8(text).map_err(|e| {
        anyhow::anyhow!(
            "{EVIDENCE_FILE}: not UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if !text.is_empty() && !text.ends_with('\n') {
        bail!("{EVIDENCE_FILE}: the last line is incomplete (truncated file?)");
    }
    let mut lines = text.lines().enumerate();
    match lines.next() {
        None => bail!("{EVIDENCE_FILE}: empty file"),
        Some((_, first)) => {
            let header: EvidenceHeader = serde_json::from_str(first).map_err(|e| {
                anyhow::anyhow!("{EVIDENCE_FILE}:1: not a newsgraph evidence file ({e})")
            })?;
            if header.format != EVIDENCE_FORMAT || header.version != EVIDENCE_VERSION {
                bail!(
                    "{EVIDENCE_FILE}:1: format {:?} version {}, expected {EVIDENCE_FORMAT:?} version {EVIDENCE_VERSION}",
                    header.format,
                    header.version
                );
            }
        }
    }
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let record: SideRecord = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{EVIDENCE_FILE}:{}: {e}", i + 1))?;
        match record {
            SideRecord::Entity(e) => {
                side.entities.insert(e.id.clone(), e);
            }
            SideRecord::Relation(r) => {
                if r.evidence.is_empty() {
                    bail!("{EVIDENCE_FILE}:{}: a relation without evidence", i + 1);
                }
                side.relations
                    .insert((r.source.to_string(), r.rel_type, r.target.to_string()), r);
            }
        }
    }
    Ok(side)
}
