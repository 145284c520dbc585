//! Text, JSON and Graphviz renderings of query results. Every function writes to a
//! `Write` and returns its `io::Result` untouched, so the caller can treat a broken pipe as
//! success. The JSON schemas are documented in the parent module.
//!
//! `path` and `show` print full records (evidence, aliases, documents), which a lazily
//! loaded graph reads from its folder: they read all of them before writing anything, and a
//! record that cannot be read is an `io::Error` wrapping a
//! [`GraphReadError`](super::GraphReadError), so nothing is half-printed and the caller can
//! tell it from a failed write.

use super::explore::{entity_edges, Neighbor, Stats};
use super::index::QueryGraph;
use super::names::FindHit;
use super::paths::{Direction, Filters, Hop, PathMode, PathSet};
use crate::model::{Evidence, Label, RelType, Relation};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, IsTerminal, Write};

/// Whether to colour text output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour only when standard output is a terminal and `NO_COLOR` is unset or empty.
    pub fn auto() -> Style {
        Style::on_terminal(io::stdout().is_terminal())
    }

    /// The same rule for standard error (messages, the progress bar).
    pub fn auto_stderr() -> Style {
        Style::on_terminal(io::stderr().is_terminal())
    }

    /// Colour when the stream is a terminal and `NO_COLOR` is unset or empty.
    pub fn on_terminal(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && is_terminal,
        }
    }

    /// `text` in the SGR colour `code` (`"1"` bold, `"31"` red, …), or as it is without colour.
    pub fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn label(self, label: Label, text: &str) -> String {
        let code = match label {
            Label::Person => "1;36",
            Label::Organization => "1;33",
            Label::Country => "1;32",
            Label::Agreement => "1;35",
            Label::Event => "1;34",
        };
        self.paint(code, text)
    }

    fn rel(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// `-[TYPE]->`, `<-[TYPE]-` or `-[TYPE]-`, read in the given direction.
pub fn arrow(t: RelType, d: Direction) -> String {
    match d {
        Direction::Forward => format!("-[{t}]->"),
        Direction::Backward => format!("<-[{t}]-"),
        Direction::Undirected => format!("-[{t}]-"),
    }
}

/// Columns are padded to their widest entry, but no wider than this.
const MAX_COLUMN: usize = 48;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_owned()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The evidence to show: at most `n` sentences (0 = all), from distinct documents first,
/// in evidence order.
fn pick_evidence(r: &Relation, n: usize) -> Vec<&Evidence> {
    if n == 0 || r.evidence.len() <= n {
        return r.evidence.iter().collect();
    }
    let mut chosen: BTreeSet<&Evidence> = BTreeSet::new();
    let mut docs: BTreeSet<&str> = BTreeSet::new();
    for e in &r.evidence {
        if chosen.len() < n && docs.insert(&*e.doc) {
            chosen.insert(e);
        }
    }
    for e in &r.evidence {
        if chosen.len() >= n {
            break;
        }
        chosen.insert(e);
    }
    chosen.into_iter().collect()
}

fn list_docs(docs: &BTreeSet<&str>, max: usize) -> String {
    let mut s: Vec<&str> = docs.iter().take(max).copied().collect();
    let more;
    if docs.len() > max {
        more = format!("+{} more", docs.len() - max);
        s.push(&more);
    }
    s.join(", ")
}

/// The lines under a hop or an edge: documents, then the evidence sentences.
fn write_evidence(
    w: &mut dyn Write,
    r: &Relation,
    evidence: usize,
    indent: &str,
    style: Style,
) -> io::Result<()> {
    let docs = r.docs();
    let shown = pick_evidence(r, evidence);
    let many_docs = docs.len() > 1;
    for e in &shown {
        if many_docs {
            writeln!(
                w,
                "{indent}\"{}\" {}",
                e.sentence,
                style.dim(&format!("({})", e.doc))
            )?;
        } else {
            writeln!(w, "{indent}\"{}\"", e.sentence)?;
        }
        // Where the document was published, when its input said so.
        let about: Vec<&str> = [&e.title, &e.source, &e.url]
            .into_iter()
            .filter_map(|x| x.as_deref())
            .collect();
        if !about.is_empty() {
            writeln!(
                w,
                "{indent}  {}",
                style.dim(&format!("[{}]", about.join(" | ")))
            )?;
        }
    }
    if shown.len() < r.evidence.len() {
        writeln!(
            w,
            "{indent}{}",
            style.dim(&format!(
                "(+{} more {}; --evidence 0 shows all)",
                r.evidence.len() - shown.len(),
                if r.evidence.len() - shown.len() == 1 {
                    "sentence"
                } else {
                    "sentences"
                }
            ))
        )?;
    }
    Ok(())
}

/// The facts printed after a relation's arrow: title, date, documents.
fn relation_facts(r: &Relation) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &r.title {
        parts.push(format!("title: {t}"));
    }
    if let Some(d) = &r.date {
        parts.push(d.clone());
    }
    parts.push(format!("[{}]", list_docs(&r.docs(), 3)));
    parts.join("  ")
}

fn mode_name(mode: PathMode) -> &'static str {
    match mode {
        PathMode::Shortest => "shortest",
        PathMode::All { .. } => "all",
        PathMode::K(_) => "k",
    }
}

/// Everything a path rendering needs.
#[derive(Clone, Copy, Debug)]
pub struct PathReport<'a> {
    pub kg: &'a QueryGraph,
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub set: &'a PathSet,
    pub mode: PathMode,
    pub filters: &'a Filters,
    /// Evidence sentences per hop (0 = all).
    pub evidence: usize,
}

/// The path report: a header, then each path as a chain of entities with every hop's
/// relation, date, documents and evidence between them. Prints nothing when `set` is empty
/// (the caller reports "no path").
pub fn path_text(w: &mut dyn Write, rep: &PathReport<'_>, style: Style) -> io::Result<()> {
    let PathReport {
        kg,
        from,
        to,
        set,
        mode,
        evidence,
        ..
    } = *rep;
    if set.paths.is_empty() {
        return Ok(());
    }
    let rels = hop_relations(kg, set)?;
    let summary = match mode {
        PathMode::Shortest => plural(set.paths[0].len(), "hop", "hops"),
        PathMode::All { .. } if set.total > set.paths.len() as u64 => format!(
            "{} shortest paths of {}, the first {} shown (--limit)",
            set.total,
            plural(set.paths[0].len(), "hop", "hops"),
            set.paths.len()
        ),
        PathMode::All { .. } => format!(
            "{} of {}",
            plural(set.paths.len(), "shortest path", "shortest paths"),
            plural(set.paths[0].len(), "hop", "hops")
        ),
        PathMode::K(_) => plural(set.paths.len(), "path", "paths"),
    };
    let (a, b) = (kg.label(from), kg.label(to));
    writeln!(
        w,
        "{} ({a}) → {} ({b}): {summary}",
        style.label(a, kg.name(from)),
        style.label(b, kg.name(to)),
    )?;
    let several = set.paths.len() > 1;
    for (i, (p, rels)) in set.paths.iter().zip(&rels).enumerate() {
        writeln!(w)?;
        if several {
            writeln!(w, "Path {} ({}):", i + 1, plural(p.len(), "hop", "hops"))?;
        }
        let nodes = p.nodes();
        let name_w = nodes
            .iter()
            .map(|&n| width(kg.name(n)))
            .max()
            .unwrap_or(0)
            .min(MAX_COLUMN);
        let node_line = |w: &mut dyn Write, n: NodeIndex| -> io::Result<()> {
            let label = kg.label(n);
            writeln!(
                w,
                "  {}  {label}",
                style.label(label, &pad(kg.name(n), name_w)),
            )
        };
        node_line(w, p.start)?;
        for (h, r) in p.hops.iter().zip(rels) {
            writeln!(
                w,
                "   │ {}  {}",
                style.rel(&arrow(r.rel_type, h.direction)),
                relation_facts(r)
            )?;
            write_evidence(w, r, evidence, "   │     ", style)?;
            node_line(w, h.to)?;
        }
    }
    Ok(())
}

/// The full relation of every hop of every path, read before anything is written.
fn hop_relations<'a>(kg: &'a QueryGraph, set: &PathSet) -> io::Result<Vec<Vec<Cow<'a, Relation>>>> {
    set.paths
        .iter()
        .map(|p| p.hops.iter().map(|h| kg.relation(h.edge)).collect())
        .collect()
}

#[derive(Serialize)]
struct EntityRef<'a> {
    id: &'a str,
    name: &'a str,
    label: &'static str,
}

fn eref(kg: &QueryGraph, n: NodeIndex) -> EntityRef<'_> {
    EntityRef {
        id: kg.id(n),
        name: kg.name(n),
        label: kg.label(n).as_str(),
    }
}

#[derive(Serialize)]
struct HopJson<'a> {
    #[serde(rename = "type")]
    rel_type: &'static str,
    direction: &'static str,
    from: EntityRef<'a>,
    to: EntityRef<'a>,
    date: Option<&'a str>,
    title: Option<&'a str>,
    docs: Vec<&'a str>,
    evidence: Vec<&'a Evidence>,
    evidence_total: usize,
}

fn hop_json<'a>(kg: &'a QueryGraph, h: &Hop, r: &'a Relation, evidence: usize) -> HopJson<'a> {
    HopJson {
        rel_type: r.rel_type.as_str(),
        direction: h.direction.as_str(),
        from: eref(kg, h.from),
        to: eref(kg, h.to),
        date: r.date.as_deref(),
        title: r.title.as_deref(),
        docs: r.docs().into_iter().collect(),
        evidence: pick_evidence(r, evidence),
        evidence_total: r.evidence.len(),
    }
}

#[derive(Serialize)]
struct PathJson<'a> {
    length: usize,
    nodes: Vec<EntityRef<'a>>,
    hops: Vec<HopJson<'a>>,
}

#[derive(Serialize)]
struct PathsJson<'a> {
    from: EntityRef<'a>,
    to: EntityRef<'a>,
    directed: bool,
    mode: &'static str,
    total: u64,
    paths: Vec<PathJson<'a>>,
}

fn write_json<T: Serialize>(w: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::from)?;
    writeln!(w)
}

/// The `path` JSON document (schema in the module docs); `paths` is empty when none.
pub fn path_json(w: &mut dyn Write, rep: &PathReport<'_>) -> io::Result<()> {
    let PathReport {
        kg,
        from,
        to,
        set,
        mode,
        filters,
        evidence,
    } = *rep;
    let rels = hop_relations(kg, set)?;
    let doc = PathsJson {
        from: eref(kg, from),
        to: eref(kg, to),
        directed: filters.directed,
        mode: mode_name(mode),
        total: set.total,
        paths: set
            .paths
            .iter()
            .zip(&rels)
            .map(|(p, rels)| PathJson {
                length: p.len(),
                nodes: p.nodes().into_iter().map(|n| eref(kg, n)).collect(),
                hops: p
                    .hops
                    .iter()
                    .zip(rels)
                    .map(|(h, r)| hop_json(kg, h, r, evidence))
                    .collect(),
            })
            .collect(),
    };
    write_json(w, &doc)
}

/// Escape a string for a double-quoted DOT id or label.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn dot_fill(label: Label) -> &'static str {
    match label {
        Label::Person => "#8dd3c7",
        Label::Organization => "#ffffb3",
        Label::Country => "#b3de69",
        Label::Agreement => "#fb8072",
        Label::Event => "#80b1d3",
    }
}

/// A `digraph` of the given entities and edges; `ends` are drawn with a thick border.
fn write_dot(
    w: &mut dyn Write,
    kg: &QueryGraph,
    nodes: &BTreeSet<NodeIndex>,
    edges: &BTreeSet<EdgeIndex>,
    ends: &[NodeIndex],
) -> io::Result<()> {
    writeln!(w, "digraph newsgraph {{")?;
    writeln!(w, "  graph [rankdir=LR];")?;
    writeln!(
        w,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    for &n in nodes {
        let border = if ends.contains(&n) {
            ", penwidth=2.5"
        } else {
            ""
        };
        writeln!(
            w,
            "  \"{}\" [label=\"{}\\n{}\", fillcolor=\"{}\"{border}];",
            dot_escape(kg.id(n)),
            dot_escape(kg.name(n)),
            kg.label(n),
            dot_fill(kg.label(n))
        )?;
    }
    for &ei in edges {
        let (s, t) = kg.endpoints(ei);
        let rel_type = kg.rel_type(ei);
        let mut label = rel_type.as_str().to_owned();
        if let Some(d) = kg.rel_date(ei) {
            label.push('\n');
            label.push_str(d);
        }
        let dir = if rel_type.is_symmetric() {
            ", dir=none"
        } else {
            ""
        };
        writeln!(
            w,
            "  \"{}\" -> \"{}\" [label=\"{}\"{dir}];",
            dot_escape(kg.id(s)),
            dot_escape(kg.id(t)),
            dot_escape(&label)
        )?;
    }
    writeln!(w, "}}")
}

/// Graphviz drawing of every path found (just the two ends when there is none).
pub fn path_dot(w: &mut dyn Write, rep: &PathReport<'_>) -> io::Result<()> {
    let PathReport {
        kg, from, to, set, ..
    } = *rep;
    let mut nodes = BTreeSet::from([from, to]);
    let mut edges = BTreeSet::new();
    for p in &set.paths {
        nodes.extend(p.nodes());
        edges.extend(p.hops.iter().map(|h| h.edge));
    }
    write_dot(w, kg, &nodes, &edges, &[from, to])
}

/// The `show` report: the entity's facts, then its edges grouped by relation type.
pub fn show_text(
    w: &mut dyn Write,
    kg: &QueryGraph,
    n: NodeIndex,
    evidence: usize,
    style: Style,
) -> io::Result<()> {
    let e = kg.entity(n)?;
    let edges = entity_edges(kg, n);
    let rels = edge_relations(kg, &edges)?;
    writeln!(w, "{}  ({})", style.label(e.label, &e.name), e.label)?;
    let field = |w: &mut dyn Write, k: &str, v: &str| writeln!(w, "  {:<10} {v}", format!("{k}:"));
    field(w, "id", &e.id)?;
    if !e.named {
        field(w, "named", "no (descriptive name)")?;
    }
    if !e.aliases.is_empty() {
        field(
            w,
            "aliases",
            &e.aliases.iter().cloned().collect::<Vec<_>>().join(", "),
        )?;
    }
    if let Some(c) = &e.country {
        field(w, "country", c)?;
    }
    if let Some(d) = &e.date {
        field(w, "date", d)?;
    }
    if let Some(p) = &e.place {
        field(w, "place", p)?;
    }
    field(
        w,
        "documents",
        &format!(
            "{} ({})",
            e.sources.len(),
            e.sources.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    )?;
    if edges.is_empty() {
        writeln!(w, "\n  no relations")?;
        return Ok(());
    }
    let name_w = edges
        .iter()
        .map(|x| width(kg.name(x.other)))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN);
    let arrow_w = edges
        .iter()
        .map(|x| width(&arrow(kg.rel_type(x.edge), x.direction)))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN);
    let mut current: Option<RelType> = None;
    for (x, r) in edges.iter().zip(&rels) {
        if current != Some(r.rel_type) {
            current = Some(r.rel_type);
            let count = edges
                .iter()
                .filter(|y| kg.rel_type(y.edge) == r.rel_type)
                .count();
            writeln!(w, "\n{} ({count})", style.rel(r.rel_type.as_str()))?;
        }
        let o = kg.label(x.other);
        writeln!(
            w,
            "  {}  {}  {:<12}  {}",
            style.rel(&pad(&arrow(r.rel_type, x.direction), arrow_w)),
            style.label(o, &pad(kg.name(x.other), name_w)),
            o.as_str(),
            relation_facts(r)
        )?;
        write_evidence(w, r, evidence, "      ", style)?;
    }
    Ok(())
}

/// The full relation of every edge listed, read before anything is written.
fn edge_relations<'a>(
    kg: &'a QueryGraph,
    edges: &[super::EntityEdge],
) -> io::Result<Vec<Cow<'a, Relation>>> {
    edges.iter().map(|x| kg.relation(x.edge)).collect()
}

#[derive(Serialize)]
struct EntityJson<'a> {
    id: &'a str,
    name: &'a str,
    label: &'static str,
    named: bool,
    aliases: &'a BTreeSet<String>,
    sources: &'a BTreeSet<String>,
    country: Option<&'a str>,
    date: Option<&'a str>,
    place: Option<&'a str>,
}

#[derive(Serialize)]
struct EdgeJson<'a> {
    #[serde(rename = "type")]
    rel_type: &'static str,
    direction: &'static str,
    other: EntityRef<'a>,
    date: Option<&'a str>,
    title: Option<&'a str>,
    docs: Vec<&'a str>,
    evidence: Vec<&'a Evidence>,
    evidence_total: usize,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    entity: EntityJson<'a>,
    degree: usize,
    relations: Vec<EdgeJson<'a>>,
}

/// The `show` JSON document.
pub fn show_json(
    w: &mut dyn Write,
    kg: &QueryGraph,
    n: NodeIndex,
    evidence: usize,
) -> io::Result<()> {
    let e = kg.entity(n)?;
    let edges = entity_edges(kg, n);
    let rels = edge_relations(kg, &edges)?;
    let doc = ShowJson {
        entity: EntityJson {
            id: &e.id,
            name: &e.name,
            label: e.label.as_str(),
            named: e.named,
            aliases: &e.aliases,
            sources: &e.sources,
            country: e.country.as_deref(),
            date: e.date.as_deref(),
            place: e.place.as_deref(),
        },
        degree: edges.len(),
        relations: edges
            .iter()
            .zip(&rels)
            .map(|(x, r)| EdgeJson {
                rel_type: r.rel_type.as_str(),
                direction: x.direction.as_str(),
                other: eref(kg, x.other),
                date: r.date.as_deref(),
                title: r.title.as_deref(),
                docs: r.docs().into_iter().collect(),
                evidence: pick_evidence(r, evidence),
                evidence_total: r.evidence.len(),
            })
            .collect(),
    };
    write_json(w, &doc)
}

/// How a neighbour is reached: `-[TYPE]->` from the start, or `via Name -[TYPE]->` deeper.
fn via_text(kg: &QueryGraph, nb: &Neighbor) -> String {
    nb.via
        .iter()
        .map(|h| {
            let a = arrow(kg.rel_type(h.edge), h.direction);
            if nb.depth > 1 {
                format!("{} {a}", kg.name(h.from))
            } else {
                a
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `neighbors` report, one section per depth.
pub fn neighbors_text(
    w: &mut dyn Write,
    kg: &QueryGraph,
    start: NodeIndex,
    depth: usize,
    list: &[Neighbor],
    style: Style,
) -> io::Result<()> {
    let s = kg.label(start);
    writeln!(
        w,
        "{} ({s}): {} within {}",
        style.label(s, kg.name(start)),
        plural(list.len(), "neighbor", "neighbors"),
        plural(depth, "hop", "hops")
    )?;
    let name_w = list
        .iter()
        .map(|nb| width(kg.name(nb.node)))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN);
    let mut current = 0;
    for nb in list {
        if nb.depth != current {
            current = nb.depth;
            writeln!(w, "\ndepth {current}")?;
        }
        let (label, docs) = (kg.label(nb.node), kg.docs(nb.node));
        writeln!(
            w,
            "  {}  {:<12}  {:>4} doc{}  {}",
            style.label(label, &pad(kg.name(nb.node), name_w)),
            label.as_str(),
            docs,
            if docs == 1 { " " } else { "s" },
            style.rel(&via_text(kg, nb))
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ViaJson<'a> {
    #[serde(rename = "type")]
    rel_type: &'static str,
    direction: &'static str,
    from: EntityRef<'a>,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct NeighborJson<'a> {
    id: &'a str,
    name: &'a str,
    label: &'static str,
    depth: usize,
    docs: usize,
    via: Vec<ViaJson<'a>>,
}

#[derive(Serialize)]
struct NeighborsJson<'a> {
    entity: EntityRef<'a>,
    depth: usize,
    total: usize,
    neighbors: Vec<NeighborJson<'a>>,
}

/// The `neighbors` JSON document.
pub fn neighbors_json(
    w: &mut dyn Write,
    kg: &QueryGraph,
    start: NodeIndex,
    depth: usize,
    list: &[Neighbor],
) -> io::Result<()> {
    let doc = NeighborsJson {
        entity: eref(kg, start),
        depth,
        total: list.len(),
        neighbors: list
            .iter()
            .map(|nb| NeighborJson {
                id: kg.id(nb.node),
                name: kg.name(nb.node),
                label: kg.label(nb.node).as_str(),
                depth: nb.depth,
                docs: kg.docs(nb.node),
                via: nb
                    .via
                    .iter()
                    .map(|h| ViaJson {
                        rel_type: kg.rel_type(h.edge).as_str(),
                        direction: h.direction.as_str(),
                        from: eref(kg, h.from),
                        date: kg.rel_date(h.edge),
                    })
                    .collect(),
            })
            .collect(),
    };
    write_json(w, &doc)
}

/// Graphviz drawing of a neighbourhood: the start, the neighbours, the edges that reach them.
pub fn neighbors_dot(
    w: &mut dyn Write,
    kg: &QueryGraph,
    start: NodeIndex,
    list: &[Neighbor],
) -> io::Result<()> {
    let mut nodes = BTreeSet::from([start]);
    let mut edges = BTreeSet::new();
    for nb in list {
        nodes.insert(nb.node);
        edges.extend(nb.via.iter().map(|h| h.edge));
    }
    write_dot(w, kg, &nodes, &edges, &[start])
}

/// The `find` report: one line per hit, best first; at most `limit` (0 = all).
pub fn find_text(
    w: &mut dyn Write,
    kg: &QueryGraph,
    hits: &[FindHit],
    limit: usize,
    style: Style,
) -> io::Result<()> {
    let shown = if limit == 0 {
        hits
    } else {
        &hits[..hits.len().min(limit)]
    };
    let name_w = shown
        .iter()
        .map(|h| width(kg.name(h.node)))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN);
    let id_w = shown
        .iter()
        .map(|h| width(kg.id(h.node)))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN);
    for h in shown {
        let (label, name, id) = (kg.label(h.node), kg.name(h.node), kg.id(h.node));
        let n = kg.docs(h.node);
        let mut line = format!(
            "{:<9}  {:<12}  {}  {}  {:>4} doc{}",
            h.kind.as_str(),
            label.as_str(),
            style.label(label, &pad(name, name_w)),
            pad(id, id_w),
            n,
            if n == 1 { " " } else { "s" }
        );
        if h.matched != name && h.matched != id {
            line.push_str(&format!("  (as {:?})", h.matched));
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    if shown.len() < hits.len() {
        writeln!(
            w,
            "{}",
            style.dim(&format!(
                "({} more; --limit 0 shows all)",
                hits.len() - shown.len()
            ))
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct HitJson<'a> {
    id: &'a str,
    name: &'a str,
    label: &'static str,
    docs: usize,
    #[serde(rename = "match")]
    kind: &'static str,
    matched: &'a str,
}

#[derive(Serialize)]
struct FindJson<'a> {
    query: &'a str,
    total: usize,
    results: Vec<HitJson<'a>>,
}

/// The `find` JSON document; `results` holds at most `limit` hits (0 = all).
pub fn find_json(
    w: &mut dyn Write,
    kg: &QueryGraph,
    query: &str,
    hits: &[FindHit],
    limit: usize,
) -> io::Result<()> {
    let shown = if limit == 0 {
        hits
    } else {
        &hits[..hits.len().min(limit)]
    };
    let doc = FindJson {
        query,
        total: hits.len(),
        results: shown
            .iter()
            .map(|h| HitJson {
                id: kg.id(h.node),
                name: kg.name(h.node),
                label: kg.label(h.node).as_str(),
                docs: kg.docs(h.node),
                kind: h.kind.as_str(),
                matched: &h.matched,
            })
            .collect(),
    };
    write_json(w, &doc)
}

/// The `stats` report.
pub fn stats_text(w: &mut dyn Write, kg: &QueryGraph, s: &Stats, style: Style) -> io::Result<()> {
    writeln!(w, "entities    {:>8}", s.nodes)?;
    writeln!(w, "relations   {:>8}", s.edges)?;
    writeln!(w, "documents   {:>8}", s.documents)?;
    writeln!(
        w,
        "components  {:>8}  (largest: {})",
        s.components,
        plural(s.largest_component, "entity", "entities")
    )?;
    writeln!(w, "\n{}", style.rel("entities by label"))?;
    for (l, n) in &s.labels {
        writeln!(w, "  {:<16}{n:>8}", l.as_str())?;
    }
    writeln!(w, "\n{}", style.rel("relations by type"))?;
    for (t, n) in &s.types {
        writeln!(w, "  {:<16}{n:>8}", t.as_str())?;
    }
    if !s.top_degree.is_empty() {
        writeln!(w, "\n{}", style.rel("top entities by degree"))?;
        let name_w = s
            .top_degree
            .iter()
            .map(|(n, _)| width(kg.name(*n)))
            .max()
            .unwrap_or(0)
            .min(MAX_COLUMN);
        for &(n, d) in &s.top_degree {
            writeln!(
                w,
                "  {d:>6}  {}  {:<12}  {}",
                style.label(kg.label(n), &pad(kg.name(n), name_w)),
                kg.label(n).as_str(),
                kg.id(n)
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct TopJson<'a> {
    id: &'a str,
    name: &'a str,
    label: &'static str,
    degree: usize,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    nodes: usize,
    edges: usize,
    documents: usize,
    labels: BTreeMap<&'static str, usize>,
    types: BTreeMap<&'static str, usize>,
    top_degree: Vec<TopJson<'a>>,
    components: usize,
    largest_component: usize,
}

/// The `stats` JSON document.
pub fn stats_json(w: &mut dyn Write, kg: &QueryGraph, s: &Stats) -> io::Result<()> {
    let doc = StatsJson {
        nodes: s.nodes,
        edges: s.edges,
        documents: s.documents,
        labels: s.labels.iter().map(|(l, n)| (l.as_str(), *n)).collect(),
        types: s.types.iter().map(|(t, n)| (t.as_str(), *n)).collect(),
        top_degree: s
            .top_degree
            .iter()
            .map(|&(n, degree)| TopJson {
                id: kg.id(n),
                name: kg.name(n),
                label: kg.label(n).as_str(),
                degree,
            })
            .collect(),
        components: s.components,
        largest_component: s.largest_component,
    };
    write_json(w, &doc)
}
