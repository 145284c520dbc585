//! The graph as queries read it: [`GraphIndex`], every fact a search, a name lookup or a
//! listing needs, in a few flat arrays; and [`QueryGraph`], an index plus the full records
//! (an entity's aliases and documents, a relation's evidence), which come from memory or
//! are read one at a time from an export folder.
//!
//! A `GraphIndex` is built from a [`KnowledgeGraph`] by [`GraphIndex::build`], and the same
//! bytes are what `graph.bin` stores (see `export::snapshot`), so a query answers the same
//! from the snapshot and from the CSVs. Node `i` is the graph's `NodeIndex(i)` (entities in
//! id order) and edge `j` its `EdgeIndex(j)` (relations in (source, type, target) order).

use super::names::normalize;
use super::paths::Direction;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Label, RelType, Relation};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io;

/// "No value" in a column that refers to a row (a missing date).
const NONE: u32 = u32::MAX;

/// A table of rows of `W` little-endian `u32` words: the bytes `graph.bin` stores, read in
/// place (no decoding step, whatever the graph's size).
#[derive(Clone, Default, PartialEq, Eq)]
struct Table<const W: usize> {
    bytes: Vec<u8>,
}

impl<const W: usize> Table<W> {
    fn rows(&self) -> usize {
        self.bytes.len() / (4 * W)
    }

    fn get(&self, row: usize, field: usize) -> u32 {
        let at = 4 * (row * W + field);
        u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("4 bytes"))
    }

    /// Every row, in order.
    fn iter(&self) -> impl Iterator<Item = [u32; W]> + '_ {
        self.bytes.chunks_exact(4 * W).map(|row| {
            std::array::from_fn(|i| {
                u32::from_le_bytes(row[4 * i..4 * i + 4].try_into().expect("4 bytes"))
            })
        })
    }

    fn push(&mut self, row: [u32; W]) {
        for word in row {
            self.bytes.extend_from_slice(&word.to_le_bytes());
        }
    }

    fn from_bytes(bytes: Vec<u8>, what: &str) -> Result<Self, String> {
        if bytes.len() % (4 * W) != 0 {
            return Err(format!("the {what} table has a partial row"));
        }
        Ok(Table { bytes })
    }
}

fn label_code(l: Label) -> u32 {
    Label::ALL.iter().position(|&x| x == l).expect("a label") as u32
}

fn type_code(t: RelType) -> u32 {
    RelType::ALL.iter().position(|&x| x == t).expect("a type") as u32
}

fn direction_code(d: Direction) -> u32 {
    match d {
        Direction::Forward => 0,
        Direction::Backward => 1,
        Direction::Undirected => 2,
    }
}

const DIRECTIONS: [Direction; 3] = [
    Direction::Forward,
    Direction::Backward,
    Direction::Undirected,
];

/// Everything a query needs but the full records (see the module docs): a text blob and
/// tables of `u32` words. Strings are (start, length) in bytes of `text`.
#[derive(Clone, PartialEq, Eq)]
pub struct GraphIndex {
    /// Every id, name, alias (as written and normalized) and date, one after another.
    text: String,
    /// Node `n`: id start, id length, label (index in `Label::ALL`), date (row of `dates`
    /// or `NONE`), number of source documents. Sorted by id.
    nodes: Table<5>,
    /// The names of node `n` are rows `form_start[n]..form_start[n + 1]` of `forms`: its
    /// canonical name first, then its aliases in order (`n + 1` rows).
    form_start: Table<1>,
    /// The hops around node `n` are rows `incident_start[n]..incident_start[n + 1]` of
    /// `incident` (`n + 1` rows).
    incident_start: Table<1>,
    /// Edge `e`: source, target, type (index in `RelType::ALL`), date (row of `dates` or
    /// `NONE`). Sorted by (source, type, target).
    edges: Table<4>,
    /// Other end, edge << 2 | direction read from the node (0 forward, 1 backward, 2
    /// undirected); sorted by (other end, edge) per node. A self-loop is listed once.
    incident: Table<2>,
    /// As written (start, length), normalized (start, length).
    forms: Table<4>,
    /// Rows of `forms`, sorted by (normalized form, row).
    by_norm: Table<1>,
    /// Distinct dates: start, length.
    dates: Table<2>,
    /// Distinct documents named by entities' sources or relations' evidence.
    documents: u64,
}

/// The text blob under construction; dates are stored once each.
#[derive(Default)]
struct Text {
    text: String,
    dates: HashMap<String, u32>,
    date_table: Table<2>,
}

impl Text {
    fn push(&mut self, s: &str) -> anyhow::Result<[u32; 2]> {
        let too_big = || anyhow::anyhow!("the graph's names, ids and dates exceed 4 GiB");
        let start = u32::try_from(self.text.len()).map_err(|_| too_big())?;
        let len = u32::try_from(s.len()).map_err(|_| too_big())?;
        start.checked_add(len).ok_or_else(too_big)?;
        self.text.push_str(s);
        Ok([start, len])
    }

    fn date(&mut self, d: &Option<String>) -> anyhow::Result<u32> {
        let Some(d) = d else { return Ok(NONE) };
        if let Some(&row) = self.dates.get(d) {
            return Ok(row);
        }
        let row = u32_of(self.date_table.rows());
        let span = self.push(d)?;
        self.date_table.push(span);
        self.dates.insert(d.clone(), row);
        Ok(row)
    }
}

fn u32_of(n: usize) -> u32 {
    // Node and edge indices of a petgraph `DiGraph` (u32 indices) always fit.
    u32::try_from(n).expect("petgraph indices are u32")
}

/// The sections of a [`GraphIndex`] as `graph.bin` stores them, in order.
pub struct IndexSections {
    pub text: String,
    /// The tables, in the order of [`GraphIndex::TABLES`].
    pub tables: Vec<Vec<u8>>,
    pub documents: u64,
}

impl GraphIndex {
    /// The names of the tables, in storage order.
    pub const TABLES: [&'static str; 8] = [
        "nodes",
        "form_start",
        "incident_start",
        "edges",
        "incident",
        "forms",
        "by_norm",
        "dates",
    ];

    /// Index a graph. Fails only when its strings exceed 4 GiB.
    pub fn build(kg: &KnowledgeGraph) -> anyhow::Result<GraphIndex> {
        let g = &kg.graph;
        let mut text = Text::default();
        let mut nodes = Table::default();
        let mut form_start = Table::default();
        let mut forms = Table::default();
        let mut norms: Vec<String> = Vec::new();
        let mut documents: HashSet<String> = HashSet::new();
        let mut document = |d: &str| {
            if !documents.contains(d) {
                documents.insert(d.to_owned());
            }
        };
        for ix in g.node_indices() {
            let e = kg.entity_full(ix);
            e.sources.iter().for_each(|d| document(d));
            let [id_start, id_len] = text.push(&e.id)?;
            let date = text.date(&e.date)?;
            nodes.push([
                id_start,
                id_len,
                label_code(e.label),
                date,
                u32_of(e.sources.len()),
            ]);
            form_start.push([u32_of(forms.rows())]);
            for form in std::iter::once(&e.name).chain(&e.aliases) {
                let orig = text.push(form)?;
                let n = normalize(form);
                let norm = if n == *form { orig } else { text.push(&n)? };
                forms.push([orig[0], orig[1], norm[0], norm[1]]);
                norms.push(n);
            }
        }
        form_start.push([u32_of(forms.rows())]);

        if g.edge_count() >= 1 << 30 {
            anyhow::bail!("the graph has more than 2^30 relations");
        }
        let mut edges = Table::default();
        // The hops around each node, laid out by node at once (counted first): a node's
        // rows are `[other end, edge << 2 | direction]`, sorted per node (an edge is in a
        // node's list once, so that is the order of (other end, edge, direction)).
        let mut starts = vec![0u32; g.node_count() + 1];
        for e in g.edge_references() {
            let (s, t) = (e.source().index(), e.target().index());
            starts[s + 1] += 1;
            if s != t {
                starts[t + 1] += 1;
            }
        }
        for n in 0..g.node_count() {
            starts[n + 1] += starts[n];
        }
        let mut hops = vec![[0u32; 2]; starts[g.node_count()] as usize];
        let mut next = starts.clone();
        let mut hop = |n: u32, row: [u32; 2]| {
            hops[next[n as usize] as usize] = row;
            next[n as usize] += 1;
        };
        for e in g.edge_references() {
            let r = e.weight();
            let (s, t) = (u32_of(e.source().index()), u32_of(e.target().index()));
            let edge = u32_of(e.id().index());
            edges.push([s, t, type_code(r.rel_type), text.date(&r.date)?]);
            let (out, back) = if r.rel_type.is_symmetric() {
                (Direction::Undirected, Direction::Undirected)
            } else {
                (Direction::Forward, Direction::Backward)
            };
            hop(s, [t, edge << 2 | direction_code(out)]);
            if s != t {
                hop(t, [s, edge << 2 | direction_code(back)]);
            }
        }
        drop(next);
        kg.evidence_documents().for_each(&mut document);
        let mut incident_start = Table::default();
        let mut incident = Table::default();
        for w in starts.windows(2) {
            hops[w[0] as usize..w[1] as usize].sort_unstable();
            incident_start.push([w[0]]);
        }
        incident_start.push([starts[g.node_count()]]);
        for row in hops {
            incident.push(row);
        }

        let mut order: Vec<u32> = (0..u32_of(norms.len())).collect();
        order.sort_by(|&a, &b| norms[a as usize].cmp(&norms[b as usize]).then(a.cmp(&b)));
        let mut by_norm = Table::default();
        for i in order {
            by_norm.push([i]);
        }
        Ok(GraphIndex {
            text: text.text,
            nodes,
            form_start,
            incident_start,
            edges,
            incident,
            forms,
            by_norm,
            dates: text.date_table,
            documents: documents.len() as u64,
        })
    }

    /// The sections to store.
    pub fn sections(&self) -> (&str, [&[u8]; 8], u64) {
        (
            &self.text,
            [
                &self.nodes.bytes,
                &self.form_start.bytes,
                &self.incident_start.bytes,
                &self.edges.bytes,
                &self.incident.bytes,
                &self.forms.bytes,
                &self.by_norm.bytes,
                &self.dates.bytes,
            ],
            self.documents,
        )
    }

    /// An index from its stored sections, checked so that no accessor can panic: strings
    /// inside the text and on character boundaries, rows referring to rows that exist,
    /// start tables ascending. (Whether the content is right is for the checksum to say.)
    pub fn from_sections(s: IndexSections) -> Result<GraphIndex, String> {
        let Ok([nodes, form_start, incident_start, edges, incident, forms, by_norm, dates]) =
            <[Vec<u8>; 8]>::try_from(s.tables)
        else {
            return Err("wrong number of tables".into());
        };
        let ix = GraphIndex {
            text: s.text,
            nodes: Table::from_bytes(nodes, "nodes")?,
            form_start: Table::from_bytes(form_start, "form_start")?,
            incident_start: Table::from_bytes(incident_start, "incident_start")?,
            edges: Table::from_bytes(edges, "edges")?,
            incident: Table::from_bytes(incident, "incident")?,
            forms: Table::from_bytes(forms, "forms")?,
            by_norm: Table::from_bytes(by_norm, "by_norm")?,
            dates: Table::from_bytes(dates, "dates")?,
            documents: s.documents,
        };
        ix.validate()?;
        Ok(ix)
    }

    fn validate(&self) -> Result<(), String> {
        let (n, m, f) = (self.nodes.rows(), self.edges.rows(), self.forms.rows());
        if u32::try_from(n).is_err() || m >= 1 << 30 || u32::try_from(f).is_err() {
            return Err("too many rows".into());
        }
        let text = self.text.as_bytes();
        // A char boundary: the end, or a byte that does not continue a UTF-8 sequence.
        let boundary = |i: usize| text.get(i).is_none_or(|&b| (b as i8) >= -0x40);
        let span_ok = |start: u32, len: u32| {
            let (a, b) = (start as usize, start as usize + len as usize);
            b <= text.len() && boundary(a) && boundary(b)
        };
        let date_ok = |d: u32| d == NONE || (d as usize) < self.dates.rows();
        let starts_ok = |t: &Table<1>, total: usize, strict: bool| {
            let mut prev: Option<u32> = None;
            t.rows() == n + 1
                && t.get(0, 0) == 0
                && t.get(n, 0) as usize == total
                && t.iter().all(|[x]| {
                    let ok = prev.is_none_or(|p| p < x || (!strict && p == x));
                    prev = Some(x);
                    ok
                })
        };
        if !self.dates.iter().all(|[start, len]| span_ok(start, len)) {
            return Err("a date is out of range".into());
        }
        if !self.nodes.iter().all(|[id, id_len, label, date, _]| {
            span_ok(id, id_len) && (label as usize) < Label::ALL.len() && date_ok(date)
        }) {
            return Err("a node is out of range".into());
        }
        if !self.edges.iter().all(|[s, t, rel_type, date]| {
            (s as usize) < n
                && (t as usize) < n
                && (rel_type as usize) < RelType::ALL.len()
                && date_ok(date)
        }) {
            return Err("an edge is out of range".into());
        }
        if !starts_ok(&self.form_start, f, true)
            || !starts_ok(&self.incident_start, self.incident.rows(), false)
        {
            return Err("a start table is inconsistent".into());
        }
        if !self
            .incident
            .iter()
            .all(|[other, x]| (other as usize) < n && ((x >> 2) as usize) < m && x & 3 != 3)
        {
            return Err("an incidence row is out of range".into());
        }
        if !self
            .forms
            .iter()
            .all(|[a, a_len, b, b_len]| span_ok(a, a_len) && span_ok(b, b_len))
        {
            return Err("a name is out of range".into());
        }
        if self.by_norm.rows() != f || !self.by_norm.iter().all(|[i]| (i as usize) < f) {
            return Err("the name table is inconsistent".into());
        }
        Ok(())
    }

    pub fn node_count(&self) -> usize {
        self.nodes.rows()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.rows()
    }

    fn str(&self, start: u32, len: u32) -> &str {
        &self.text[start as usize..start as usize + len as usize]
    }

    fn date_str(&self, d: u32) -> Option<&str> {
        (d != NONE).then(|| self.str(self.dates.get(d as usize, 0), self.dates.get(d as usize, 1)))
    }

    fn node_id(&self, n: usize) -> &str {
        self.str(self.nodes.get(n, 0), self.nodes.get(n, 1))
    }

    fn form(&self, i: usize) -> (&str, &str) {
        let f = &self.forms;
        (
            self.str(f.get(i, 0), f.get(i, 1)),
            self.str(f.get(i, 2), f.get(i, 3)),
        )
    }

    fn form_range(&self, n: usize) -> std::ops::Range<usize> {
        self.form_start.get(n, 0) as usize..self.form_start.get(n + 1, 0) as usize
    }

    fn incident_range(&self, n: usize) -> std::ops::Range<usize> {
        self.incident_start.get(n, 0) as usize..self.incident_start.get(n + 1, 0) as usize
    }
}

impl fmt::Debug for GraphIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphIndex")
            .field("nodes", &self.node_count())
            .field("edges", &self.edge_count())
            .field("names", &self.forms.rows())
            .field("text_bytes", &self.text.len())
            .finish()
    }
}

/// Where the full records come from when they are not in memory: an export folder read on
/// demand (`export::snapshot`). `n` and `e` are node and edge numbers; the identity given
/// is what the record must hold, so a stale or corrupt file is an error, not a wrong answer.
pub trait RecordSource: Send + Sync {
    fn entity(&self, n: usize, id: &str) -> io::Result<Entity>;
    fn relation(
        &self,
        e: usize,
        source: &str,
        rel_type: RelType,
        target: &str,
    ) -> io::Result<Relation>;
}

/// A full record could not be read from the graph folder. Carried inside the `io::Error` a
/// renderer returns, so that the caller can tell it from a failed write.
#[derive(Debug)]
pub struct GraphReadError(pub String);

impl fmt::Display for GraphReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GraphReadError {}

enum Records {
    Memory(KnowledgeGraph),
    Lazy(Box<dyn RecordSource>),
}

/// A graph ready for queries: a [`GraphIndex`] and the full records.
pub struct QueryGraph {
    index: GraphIndex,
    records: Records,
    warnings: Vec<String>,
}

impl fmt::Debug for QueryGraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryGraph")
            .field("nodes", &self.node_count())
            .field("edges", &self.edge_count())
            .field("lazy", &matches!(self.records, Records::Lazy(_)))
            .finish()
    }
}

impl QueryGraph {
    /// Index a graph held in memory. Fails only when its strings exceed 4 GiB.
    pub fn new(kg: KnowledgeGraph) -> anyhow::Result<QueryGraph> {
        Ok(QueryGraph {
            index: GraphIndex::build(&kg)?,
            records: Records::Memory(kg),
            warnings: Vec::new(),
        })
    }

    /// An index whose full records are read from `source` when asked for.
    pub fn lazy(index: GraphIndex, source: Box<dyn RecordSource>) -> QueryGraph {
        QueryGraph {
            index,
            records: Records::Lazy(source),
            warnings: Vec::new(),
        }
    }

    /// Add a note for the user (e.g. why the snapshot was not used).
    pub fn with_warnings(mut self, warnings: Vec<String>) -> QueryGraph {
        self.warnings.extend(warnings);
        self
    }

    /// Notes about how the graph was loaded, for the user; never errors.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The index (what `graph.bin` stores).
    pub fn index(&self) -> &GraphIndex {
        &self.index
    }

    /// Whether the full records are read on demand rather than held in memory.
    pub fn is_lazy(&self) -> bool {
        matches!(self.records, Records::Lazy(_))
    }

    pub fn node_count(&self) -> usize {
        self.index.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.index.edge_count()
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> {
        (0..self.node_count()).map(NodeIndex::new)
    }

    /// Every edge, in (source, type, target) order.
    pub fn edges(&self) -> impl Iterator<Item = EdgeIndex> {
        (0..self.edge_count()).map(EdgeIndex::new)
    }

    /// The node with this entity id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        let ix = &self.index;
        let (mut lo, mut hi) = (0, ix.node_count());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match ix.node_id(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(NodeIndex::new(mid)),
            }
        }
        None
    }

    pub fn id(&self, n: NodeIndex) -> &str {
        self.index.node_id(n.index())
    }

    /// The canonical name.
    pub fn name(&self, n: NodeIndex) -> &str {
        let ix = &self.index;
        ix.form(ix.form_start.get(n.index(), 0) as usize).0
    }

    pub fn label(&self, n: NodeIndex) -> Label {
        Label::ALL[self.index.nodes.get(n.index(), 2) as usize]
    }

    /// The entity's own date (events).
    pub fn date(&self, n: NodeIndex) -> Option<&str> {
        self.index.date_str(self.index.nodes.get(n.index(), 3))
    }

    /// Number of documents that mention the entity.
    pub fn docs(&self, n: NodeIndex) -> usize {
        self.index.nodes.get(n.index(), 4) as usize
    }

    /// The aliases, in order.
    pub fn aliases(&self, n: NodeIndex) -> impl Iterator<Item = &str> {
        self.forms(n).skip(1).map(|(orig, _)| orig)
    }

    /// The canonical name, then the aliases: (as written, normalized).
    pub fn forms(&self, n: NodeIndex) -> impl Iterator<Item = (&str, &str)> {
        let ix = &self.index;
        ix.form_range(n.index()).map(move |i| ix.form(i))
    }

    /// The nodes with a name or alias whose normalized form is `norm`, with whether it is
    /// the canonical name and the form as written; by node, the name before the aliases.
    pub fn lookup_normalized(&self, norm: &str) -> impl Iterator<Item = (NodeIndex, bool, &str)> {
        let ix = &self.index;
        let key = |row: usize| ix.form(ix.by_norm.get(row, 0) as usize).1;
        let first = |pred: &dyn Fn(&str) -> bool| {
            let (mut lo, mut hi) = (0, ix.by_norm.rows());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if pred(key(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            lo
        };
        let lo = first(&|k| k >= norm);
        let hi = first(&|k| k > norm);
        (lo..hi).map(move |row| {
            let i = ix.by_norm.get(row, 0) as usize;
            // The node whose forms hold row i: the last n with form_start[n] <= i.
            let (mut a, mut b) = (0, ix.node_count());
            while a + 1 < b {
                let mid = a + (b - a) / 2;
                if ix.form_start.get(mid, 0) as usize <= i {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            let is_name = ix.form_start.get(a, 0) as usize == i;
            (NodeIndex::new(a), is_name, ix.form(i).0)
        })
    }

    pub fn endpoints(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex) {
        let t = &self.index.edges;
        (
            NodeIndex::new(t.get(e.index(), 0) as usize),
            NodeIndex::new(t.get(e.index(), 1) as usize),
        )
    }

    pub fn rel_type(&self, e: EdgeIndex) -> RelType {
        RelType::ALL[self.index.edges.get(e.index(), 2) as usize]
    }

    /// The relation's own date.
    pub fn rel_date(&self, e: EdgeIndex) -> Option<&str> {
        self.index.date_str(self.index.edges.get(e.index(), 3))
    }

    /// The hops around `n`: (other end, edge, direction read from `n`), sorted by other end
    /// then edge. Self-loops are listed once, read forward.
    pub fn incident(
        &self,
        n: NodeIndex,
    ) -> impl ExactSizeIterator<Item = (NodeIndex, EdgeIndex, Direction)> + '_ {
        let t = &self.index.incident;
        self.index.incident_range(n.index()).map(move |i| {
            let x = t.get(i, 1);
            (
                NodeIndex::new(t.get(i, 0) as usize),
                EdgeIndex::new((x >> 2) as usize),
                DIRECTIONS[(x & 3) as usize],
            )
        })
    }

    /// Distinct documents named by entities' sources or relations' evidence.
    pub fn documents(&self) -> usize {
        self.index.documents as usize
    }

    /// The full entity (aliases, sources, country, place).
    pub fn entity(&self, n: NodeIndex) -> io::Result<Cow<'_, Entity>> {
        match &self.records {
            Records::Memory(kg) => Ok(kg.entity_full(n)),
            Records::Lazy(src) => src.entity(n.index(), self.id(n)).map(Cow::Owned),
        }
    }

    /// The full relation (title, every evidence sentence).
    pub fn relation(&self, e: EdgeIndex) -> io::Result<Cow<'_, Relation>> {
        match &self.records {
            Records::Memory(kg) => kg.relation_full(e),
            Records::Lazy(src) => {
                let (s, t) = self.endpoints(e);
                src.relation(e.index(), self.id(s), self.rel_type(e), self.id(t))
                    .map(Cow::Owned)
            }
        }
    }
}
