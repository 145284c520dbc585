//! `graph.bin`: the query snapshot, written with the Neo4j files so that a query starts in
//! milliseconds instead of re-reading every CSV.
//!
//! A query needs the node table, the incidence lists and the name index at once, and the
//! full records (an entity's aliases and documents, a relation's evidence sentences) only for
//! the few entities and relations it prints. So the file holds the `query::GraphIndex`, which
//! a query reads whole and uses in place (a text blob and tables of little-endian `u32`
//! words: no decoding step, one copy from the page cache), then an offset table and one
//! record per entity, read one at a time. Relations are read from `evidence.jsonl`, which
//! already holds every relation with all its evidence, one JSON line each, in edge order:
//! the snapshot ends with the offset of each of those lines.
//!
//! # Layout
//!
//! ```text
//! offset  size  content
//!      0     8  magic  89 4E 47 53 4E 41 50 0A  ("\x89NGSNAP\n")
//!      8     4  version (u32 little-endian) = SNAPSHOT_VERSION
//!     12     4  length L of the metadata (u32 LE)
//!     16     4  CRC-32 (IEEE) of the metadata (u32 LE)
//!     20     L  metadata: postcard encoding of `Meta` (counts, section lengths, checksums)
//!            …  index: the text (UTF-8), then the 8 tables of `GraphIndex::TABLES`;
//!               its CRC-32 is in `Meta::index_crc`
//!            …  entity offsets: n + 1 rows of (u64 LE start in this file, u32 LE CRC-32 of
//!               the record); the last row's start is the end of the last record
//!            …  entity records: postcard encoding of each `model::Entity`, in id order
//!            …  relation offsets: m + 1 u64 LE, the start of each relation's line in
//!               `evidence.jsonl` (edge order), then the end of the last
//! ```
//!
//! postcard's wire format is specified and stable since 1.0. Any change to this layout, to
//! `Meta`, to `GraphIndex`'s tables or to `query::normalize` (whose results the index
//! stores) must bump `SNAPSHOT_VERSION`. The output is deterministic: the same graph gives the
//! same bytes.
//!
//! # When it is used
//!
//! `open` uses the snapshot only when it stands for the files beside it: `manifest.json`
//! lists `graph.bin` with its size, every `nodes_*.csv`, `rels_*.csv` and `evidence.jsonl`
//! in the folder is listed with its size, the counts agree, and `query::normalize` still
//! gives what it gave when the snapshot was written. Otherwise (no manifest because the
//! CSVs were edited by hand, another snapshot version, a CSV edited or added) the CSVs are
//! read, with a note saying why. A snapshot that is damaged (its size differs from the
//! manifest's, bad magic, wrong checksum, a record that does not decode or is not the one
//! expected) is an error naming the file: rebuild, or delete `graph.bin` to read the CSVs.

use super::manifest::{Manifest, MANIFEST_FILE};
use super::neo4j::{SideRecord, EVIDENCE_FILE};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, RelType, Relation};
use crate::query::{
    normalize, GraphIndex, GraphReadError, IndexSections, QueryGraph, RecordSource,
};
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const SNAPSHOT_FILE: &str = "graph.bin";
pub const SNAPSHOT_VERSION: u32 = 1;
const MAGIC: [u8; 8] = *b"\x89NGSNAP\n";
const HEADER_LEN: u64 = 20;
const ENTITY_ROW: u64 = 12;

/// Normalized when the snapshot is written and again when it is read: a different result
/// means the name rules changed, and the stored normalized names are stale.
const PROBE: &str = "Ünïcødé  O'Neil-Smith, U.S. & S&T (ＭＯＳＴ) ﬁ Straße İ Ⅻ";

#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
struct Meta {
    /// `normalize(PROBE)` when written.
    probe: String,
    nodes: u64,
    relationships: u64,
    /// Distinct documents (for `stats`).
    documents: u64,
    /// Byte lengths of the index's text and tables.
    text_len: u64,
    table_lens: Vec<u64>,
    /// CRC-32 of the index (text, then tables).
    index_crc: u32,
    /// Where the entity offsets, the entity records and the relation offsets start.
    entity_index_at: u64,
    records_at: u64,
    relation_index_at: u64,
    /// The size of `evidence.jsonl` it indexes.
    evidence_bytes: u64,
}

impl Meta {
    fn file_size(&self) -> Option<u64> {
        self.relationships
            .checked_add(1)?
            .checked_mul(8)?
            .checked_add(self.relation_index_at)
    }
}

/// Write `graph.bin` for `graph` to `w`; `lines` measured the `evidence.jsonl` written
/// for the same graph (see [`LineLengths`]).
pub fn write_snapshot(
    graph: &KnowledgeGraph,
    lines: &LineLengths,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let index = GraphIndex::build(graph)?;
    let (text, tables, documents) = index.sections();
    let mut crc = crc32fast::Hasher::new();
    crc.update(text.as_bytes());
    for t in tables {
        crc.update(t);
    }
    // The entity records are encoded twice, to measure them here and to write them at the
    // end, rather than held (with their sources they are the largest section).
    let mut record = Vec::new();
    let mut entity_rows = Vec::with_capacity(graph.node_count() + 1);
    let mut records_len = 0;
    for e in graph.full_entities() {
        record.clear();
        record = postcard::to_extend(&*e, record)?;
        entity_rows.push((records_len, crc32fast::hash(&record)));
        records_len += record.len() as u64;
    }
    entity_rows.push((records_len, 0));

    let side_entities = lines
        .lines
        .len()
        .checked_sub(1 + graph.edge_count())
        .context("evidence.jsonl has fewer lines than relations")?;
    let mut relation_at = Vec::with_capacity(graph.edge_count() + 1);
    let mut pos: u64 = lines.lines[..1 + side_entities].iter().sum();
    relation_at.push(pos);
    for len in &lines.lines[1 + side_entities..] {
        pos += len;
        relation_at.push(pos);
    }

    // Lay out the sections; the metadata's own length moves them, so encode it twice.
    let mut meta = Meta {
        probe: normalize(PROBE),
        nodes: graph.node_count() as u64,
        relationships: graph.edge_count() as u64,
        documents,
        text_len: text.len() as u64,
        table_lens: tables.iter().map(|t| t.len() as u64).collect(),
        index_crc: crc.finalize(),
        entity_index_at: 0,
        records_at: 0,
        relation_index_at: 0,
        evidence_bytes: lines.total,
    };
    let index_len = meta.text_len + meta.table_lens.iter().sum::<u64>();
    let encoded = loop {
        let encoded = postcard::to_allocvec(&meta)?;
        let entity_index_at = HEADER_LEN + encoded.len() as u64 + index_len;
        if meta.entity_index_at == entity_index_at {
            break encoded;
        }
        meta.entity_index_at = entity_index_at;
        meta.records_at = entity_index_at + ENTITY_ROW * entity_rows.len() as u64;
        meta.relation_index_at = meta.records_at + records_len;
    };
    w.write_all(&MAGIC)?;
    w.write_all(&SNAPSHOT_VERSION.to_le_bytes())?;
    w.write_all(&u32::try_from(encoded.len())?.to_le_bytes())?;
    w.write_all(&crc32fast::hash(&encoded).to_le_bytes())?;
    w.write_all(&encoded)?;
    w.write_all(text.as_bytes())?;
    for t in tables {
        w.write_all(t)?;
    }
    for (start, crc) in entity_rows {
        w.write_all(&(meta.records_at + start).to_le_bytes())?;
        w.write_all(&crc.to_le_bytes())?;
    }
    for e in graph.full_entities() {
        record.clear();
        record = postcard::to_extend(&*e, record)?;
        w.write_all(&record)?;
    }
    for at in relation_at {
        w.write_all(&at.to_le_bytes())?;
    }
    Ok(())
}

/// The lengths of the lines written through a [`Measured`] writer (`evidence.jsonl`, which
/// the snapshot indexes).
#[derive(Debug, Default)]
pub struct LineLengths {
    lines: Vec<u64>,
    current: u64,
    total: u64,
}

/// A writer that measures the lines written through it into `lines`.
pub struct Measured<'w> {
    pub inner: &'w mut dyn Write,
    pub lines: LineLengths,
}

impl Write for Measured<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.lines.measure(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl LineLengths {
    fn measure(&mut self, buf: &[u8]) {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.lines.push(self.current + i as u64 + 1);
            self.current = 0;
            rest = &rest[i + 1..];
        }
        self.current += rest.len() as u64;
        self.total += buf.len() as u64;
    }
}

/// What `open` found.
pub enum Opened {
    /// The snapshot, ready for queries.
    Graph(Box<QueryGraph>),
    /// No `graph.bin`.
    Missing,
    /// A `graph.bin` that does not stand for these files; why, for the user.
    Unusable(String),
}

/// Open the snapshot of the export folder `dir` (see the module docs for when it is used).
/// Errors name the file.
pub fn open(dir: &Path) -> anyhow::Result<Opened> {
    let path = dir.join(SNAPSHOT_FILE);
    let mut file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Opened::Missing),
        Err(e) => return Err(e).with_context(|| format!("cannot open {}", path.display())),
    };
    let size = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    let unusable = |why: &str| -> anyhow::Result<Opened> {
        Ok(Opened::Unusable(format!(
            "{SNAPSHOT_FILE} not used ({why}); reading the CSVs, which is slower: \
             rebuild the graph to refresh it, or delete {SNAPSHOT_FILE}"
        )))
    };
    let Some(manifest) = Manifest::read(dir)? else {
        return unusable("no manifest.json to check it against");
    };
    match manifest.files.iter().find(|f| f.name == SNAPSHOT_FILE) {
        None => return unusable("manifest.json does not list it"),
        Some(f) if f.bytes != size => bail!(
            "{SNAPSHOT_FILE}: {size} bytes, but {MANIFEST_FILE} says {} (truncated or damaged? \
             rebuild the graph, or delete {SNAPSHOT_FILE} to read the CSVs)",
            f.bytes
        ),
        Some(_) => {}
    }
    if let Some(why) = files_differ(dir, &manifest)? {
        return unusable(&why);
    }

    let damaged = |what: &str| {
        anyhow::anyhow!(
            "{SNAPSHOT_FILE}: {what} (damaged? rebuild the graph, or delete {SNAPSHOT_FILE} to \
             read the CSVs)"
        )
    };
    let mut header = [0u8; HEADER_LEN as usize];
    file.read_exact(&mut header)
        .map_err(|e| damaged(&format!("cannot read the header: {e}")))?;
    if header[..8] != MAGIC {
        return Err(damaged("not a newsgraph snapshot (bad magic number)"));
    }
    let le32 = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
    let version = le32(&header[8..12]);
    if version != SNAPSHOT_VERSION {
        return unusable(&format!(
            "version {version}; this newsgraph reads version {SNAPSHOT_VERSION}"
        ));
    }
    let meta_len = u64::from(le32(&header[12..16]));
    if meta_len > size - HEADER_LEN {
        return Err(damaged("the header is inconsistent"));
    }
    let mut meta = vec![0u8; meta_len as usize];
    file.read_exact(&mut meta)
        .map_err(|e| damaged(&format!("cannot read the metadata: {e}")))?;
    if crc32fast::hash(&meta) != le32(&header[16..20]) {
        return Err(damaged("checksum mismatch in the metadata"));
    }
    let meta: Meta = match postcard::take_from_bytes(&meta) {
        Ok((m, [])) => m,
        _ => return Err(damaged("bad metadata")),
    };
    let index_len = meta
        .table_lens
        .iter()
        .try_fold(meta.text_len, |a, &b| a.checked_add(b));
    let consistent = index_len
        .and_then(|l| l.checked_add(HEADER_LEN + meta_len))
        .is_some_and(|end| end == meta.entity_index_at)
        && meta
            .nodes
            .checked_add(1)
            .and_then(|r| r.checked_mul(ENTITY_ROW))
            .and_then(|l| l.checked_add(meta.entity_index_at))
            .is_some_and(|end| end == meta.records_at)
        && meta.records_at <= meta.relation_index_at
        && meta.file_size() == Some(size);
    if !consistent {
        return Err(damaged("the metadata does not match the file's size"));
    }
    if meta.nodes != manifest.nodes as u64 || meta.relationships != manifest.relationships as u64 {
        return unusable(&format!(
            "it has {} nodes and {} relationships, {MANIFEST_FILE} {} and {}",
            meta.nodes, meta.relationships, manifest.nodes, manifest.relationships
        ));
    }
    if meta.probe != normalize(PROBE) {
        return unusable("it was written with other name-matching rules");
    }
    let evidence_path = dir.join(EVIDENCE_FILE);
    let evidence = File::open(&evidence_path)
        .with_context(|| format!("cannot open {}", evidence_path.display()))?;
    let evidence_size = evidence
        .metadata()
        .with_context(|| format!("cannot read {}", evidence_path.display()))?
        .len();
    if evidence_size != meta.evidence_bytes {
        return unusable(&format!(
            "{EVIDENCE_FILE} has {evidence_size} bytes, {} when it was written",
            meta.evidence_bytes
        ));
    }

    // The index: one read per section, into the buffers the index then uses in place.
    let mut crc = crc32fast::Hasher::new();
    let mut read = |len: u64| -> anyhow::Result<Vec<u8>> {
        let mut buf = vec![0u8; len as usize];
        file.read_exact(&mut buf)
            .map_err(|e| damaged(&format!("cannot read the index: {e}")))?;
        crc.update(&buf);
        Ok(buf)
    };
    let text = read(meta.text_len)?;
    let tables = meta
        .table_lens
        .iter()
        .map(|&l| read(l))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if crc.finalize() != meta.index_crc {
        return Err(damaged("checksum mismatch in the index"));
    }
    let text = String::from_utf8(text).map_err(|_| damaged("the index text is not UTF-8"))?;
    let index = GraphIndex::from_sections(IndexSections {
        text,
        tables,
        documents: meta.documents,
    })
    .map_err(|e| damaged(&format!("bad index: {e}")))?;
    if index.node_count() as u64 != meta.nodes || index.edge_count() as u64 != meta.relationships {
        return Err(damaged("the index does not match the metadata"));
    }
    let source = Records {
        snapshot: Mutex::new(file),
        snapshot_path: path,
        meta,
        evidence: Mutex::new(evidence),
        evidence_path,
    };
    Ok(Opened::Graph(Box::new(QueryGraph::lazy(
        index,
        Box::new(source),
    ))))
}

/// Why the files beside the snapshot are not those it was written with, if they are not:
/// every `nodes_*.csv`, `rels_*.csv` and `evidence.jsonl` of the folder must be listed in
/// the manifest with its size, and every one the manifest lists must be there.
fn files_differ(dir: &Path, manifest: &Manifest) -> anyhow::Result<Option<String>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    let mut seen = 0;
    let listed = manifest
        .files
        .iter()
        .filter(|f| read_by_queries(&f.name))
        .count();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !read_by_queries(&name) {
            continue;
        }
        let Some(f) = manifest.files.iter().find(|f| f.name == name) else {
            return Ok(Some(format!("{name} is not in {MANIFEST_FILE}")));
        };
        let size = entry
            .metadata()
            .with_context(|| format!("cannot read {}", entry.path().display()))?
            .len();
        if size != f.bytes {
            return Ok(Some(format!(
                "{name} has {size} bytes, {} when it was written",
                f.bytes
            )));
        }
        seen += 1;
    }
    if seen != listed {
        return Ok(Some(format!("a file {MANIFEST_FILE} lists is missing")));
    }
    Ok(None)
}

/// The files the snapshot stands for.
fn read_by_queries(name: &str) -> bool {
    name == EVIDENCE_FILE
        || (name.starts_with("nodes_") || name.starts_with("rels_")) && name.ends_with(".csv")
}

/// The full records of an opened snapshot, read on demand.
struct Records {
    snapshot: Mutex<File>,
    snapshot_path: PathBuf,
    meta: Meta,
    evidence: Mutex<File>,
    evidence_path: PathBuf,
}

fn read_at(file: &Mutex<File>, at: u64, len: u64) -> io::Result<Vec<u8>> {
    let mut file = file
        .lock()
        .map_err(|_| io::Error::other("a reader panicked"))?;
    file.seek(SeekFrom::Start(at))?;
    let mut buf = vec![0u8; len as usize];
    file.read_exact(&mut buf)?;
    Ok(buf)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn read_error(path: &Path, what: String) -> io::Error {
    io::Error::other(GraphReadError(format!(
        "{}: {what} (changed or damaged since the graph was built? rebuild it, or delete \
         {SNAPSHOT_FILE} to read the CSVs)",
        path.display()
    )))
}

impl RecordSource for Records {
    fn entity(&self, n: usize, id: &str) -> io::Result<Entity> {
        let path = &self.snapshot_path;
        let fail = |what: String| read_error(path, format!("the record of {id}: {what}"));
        let row = read_at(
            &self.snapshot,
            self.meta.entity_index_at + ENTITY_ROW * n as u64,
            2 * ENTITY_ROW,
        )
        .map_err(|e| fail(e.to_string()))?;
        let (start, end) = (u64_at(&row, 0), u64_at(&row, ENTITY_ROW as usize));
        let crc = u32::from_le_bytes(row[8..12].try_into().expect("4 bytes"));
        if !(self.meta.records_at <= start && start <= end && end <= self.meta.relation_index_at) {
            return Err(fail("bad offsets".into()));
        }
        let bytes = read_at(&self.snapshot, start, end - start).map_err(|e| fail(e.to_string()))?;
        if crc32fast::hash(&bytes) != crc {
            return Err(fail("checksum mismatch".into()));
        }
        match postcard::from_bytes::<Entity>(&bytes) {
            Ok(e) if e.id == id => Ok(e),
            Ok(e) => Err(fail(format!("it holds {}", e.id))),
            Err(e) => Err(fail(e.to_string())),
        }
    }

    fn relation(
        &self,
        e: usize,
        source: &str,
        rel_type: RelType,
        target: &str,
    ) -> io::Result<Relation> {
        let what = format!("{source} -[{rel_type}]-> {target}");
        let row = read_at(
            &self.snapshot,
            self.meta.relation_index_at + 8 * e as u64,
            16,
        )
        .map_err(|err| read_error(&self.snapshot_path, format!("the offset of {what}: {err}")))?;
        let (start, end) = (u64_at(&row, 0), u64_at(&row, 8));
        let path = &self.evidence_path;
        if !(start <= end && end <= self.meta.evidence_bytes) {
            return Err(read_error(path, format!("bad offsets for {what}")));
        }
        let bytes = read_at(&self.evidence, start, end - start)
            .map_err(|err| read_error(path, format!("cannot read {what}: {err}")))?;
        match serde_json::from_slice::<SideRecord>(&bytes) {
            Ok(SideRecord::Relation(r))
                if *r.source == *source && r.rel_type == rel_type && *r.target == *target =>
            {
                Ok(r)
            }
            Ok(_) => Err(read_error(
                path,
                format!("the line of {what} holds another record"),
            )),
            Err(err) => Err(read_error(path, format!("the line of {what}: {err}"))),
        }
    }
}
