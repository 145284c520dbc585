//! `graph.gexf`: GEXF 1.3 for Gephi, with label colours, degree sizes and event dates
//! (`start`) for Gephi's timeline.

use super::xml::Xml;
use crate::graph::KnowledgeGraph;
use crate::model::{Label, Relation};
use petgraph::Direction;

pub const GEXF_FILE: &str = "graph.gexf";

/// The fixed node colour of each label (matplotlib's "tab10" palette), as (r, g, b).
pub fn color(label: Label) -> (u8, u8, u8) {
    match label {
        Label::Person => (31, 119, 180),       // #1f77b4 blue
        Label::Organization => (255, 127, 14), // #ff7f0e orange
        Label::Country => (44, 160, 44),       // #2ca02c green
        Label::Agreement => (214, 39, 40),     // #d62728 red
        Label::Event => (148, 103, 189),       // #9467bd purple
    }
}

/// The node size for a degree: 10 for an isolated node, growing with the square root.
pub fn size(degree: usize) -> String {
    format!("{:.1}", 10.0 + 5.0 * (degree as f64).sqrt())
}

/// An ISO date as a GEXF `date` (xsd:date): `2018-07-26` as is, a partial `2018-07` or
/// `2018` padded to the first day (`2018-07-01`, `2018-01-01`); anything else (not a
/// calendar date) gives `None`.
pub fn gexf_date(s: &str) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let (y, m, d) = match parts.as_slice() {
        [y] => (num(y, 4)?, 1, 1),
        [y, m] => (num(y, 4)?, num(m, 2)?, 1),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return None,
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The start of an edge: its own date, else the date of an Event at either end.
fn edge_start(graph: &KnowledgeGraph, r: &Relation) -> Option<String> {
    if let Some(d) = r.date.as_deref().and_then(gexf_date) {
        return Some(d);
    }
    [&r.source, &r.target]
        .into_iter()
        .filter_map(|id| graph.entity(id))
        .filter(|e| e.label == Label::Event)
        .filter_map(|e| e.date.as_deref().and_then(gexf_date))
        .min()
}

/// Bytes of XML text buffered before they are written out.
const CHUNK: usize = 1 << 16;

/// Write the GEXF document of a graph to `w`, piece by piece.
pub fn write_gexf(graph: &KnowledgeGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let g = &graph.graph;
    let edge_starts: Vec<Option<String>> = g
        .edge_indices()
        .map(|ix| edge_start(graph, &g[ix]))
        .collect();

    let mut x = Xml::new();
    x.start(
        0,
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    );
    x.start(1, "meta", &[]);
    x.text(2, "creator", &[], "newsgraph");
    x.text(
        2,
        "description",
        &[],
        "Knowledge graph of science-and-technology diplomacy news: entities, relations and their evidence",
    );
    x.end(1, "meta");
    x.start(
        1,
        "graph",
        &[
            ("mode", "dynamic"),
            ("defaultedgetype", "directed"),
            ("timeformat", "date"),
        ],
    );
    x.start(2, "attributes", &[("class", "node"), ("mode", "static")]);
    for (id, ty) in [
        ("kind", "string"),
        ("named", "boolean"),
        ("aliases", "string"),
        ("sources", "string"),
        ("country", "string"),
        ("date", "string"),
        ("place", "string"),
    ] {
        x.empty(3, "attribute", &[("id", id), ("title", id), ("type", ty)]);
    }
    x.end(2, "attributes");
    x.start(2, "attributes", &[("class", "edge"), ("mode", "static")]);
    for (id, ty) in [
        ("type", "string"),
        ("docs", "string"),
        ("evidence", "string"),
        ("evidence_count", "integer"),
        ("title", "string"),
        ("date", "string"),
        ("urls", "string"),
    ] {
        x.empty(3, "attribute", &[("id", id), ("title", id), ("type", ty)]);
    }
    x.end(2, "attributes");

    x.start(2, "nodes", &[]);
    for e in graph.full_entities() {
        let ix = graph.index_of(&e.id).expect("entity index");
        let mut degree = 0;
        let mut start = e.date.as_deref().and_then(gexf_date);
        for dir in [Direction::Outgoing, Direction::Incoming] {
            for edge in g.edges_directed(ix, dir) {
                degree += 1;
                if let Some(s) = &edge_starts[petgraph::visit::EdgeRef::id(&edge).index()] {
                    if start.as_ref().is_none_or(|cur| s < cur) {
                        start = Some(s.clone());
                    }
                }
            }
        }
        let mut attrs = vec![("id", e.id.as_str()), ("label", e.name.as_str())];
        if let Some(s) = &start {
            attrs.push(("start", s));
        }
        x.start(3, "node", &attrs);
        x.start(4, "attvalues", &[]);
        let aliases = e
            .aliases
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ");
        let sources = e
            .sources
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ");
        let values = [
            ("kind", Some(e.label.as_str())),
            ("named", Some(if e.named { "true" } else { "false" })),
            ("aliases", (!aliases.is_empty()).then_some(aliases.as_str())),
            ("sources", (!sources.is_empty()).then_some(sources.as_str())),
            ("country", e.country.as_deref()),
            ("date", e.date.as_deref()),
            ("place", e.place.as_deref()),
        ];
        for (id, v) in values {
            if let Some(v) = v {
                x.empty(5, "attvalue", &[("for", id), ("value", v)]);
            }
        }
        x.end(4, "attvalues");
        let (r, gr, b) = color(e.label);
        let (r, gr, b) = (r.to_string(), gr.to_string(), b.to_string());
        x.empty(4, "viz:color", &[("r", &r), ("g", &gr), ("b", &b)]);
        x.empty(4, "viz:size", &[("value", &size(degree))]);
        x.end(3, "node");
        x.drain_to(w, CHUNK)?;
    }
    x.end(2, "nodes");

    x.start(2, "edges", &[]);
    for (i, ix) in g.edge_indices().enumerate() {
        let r = graph.relation(ix);
        let brief = graph.relation_brief(ix)?;
        let id = format!("e{i}");
        let weight = brief.count.max(1).to_string();
        let mut attrs = vec![
            ("id", id.as_str()),
            ("source", &*r.source),
            ("target", &*r.target),
            ("label", r.rel_type.as_str()),
            ("kind", r.rel_type.as_str()),
            ("weight", weight.as_str()),
        ];
        if let Some(s) = &edge_starts[ix.index()] {
            attrs.push(("start", s));
        }
        x.start(3, "edge", &attrs);
        x.start(4, "attvalues", &[]);
        let docs = brief.docs.join("; ");
        let count = brief.count.to_string();
        let urls = brief.urls.join("; ");
        let values = [
            ("type", Some(r.rel_type.as_str())),
            ("docs", Some(docs.as_str())),
            ("evidence", brief.first.as_deref()),
            ("evidence_count", Some(count.as_str())),
            ("title", r.title.as_deref()),
            ("date", r.date.as_deref()),
            ("urls", (!urls.is_empty()).then_some(urls.as_str())),
        ];
        for (id, v) in values {
            if let Some(v) = v {
                x.empty(5, "attvalue", &[("for", id), ("value", v)]);
            }
        }
        x.end(4, "attvalues");
        x.end(3, "edge");
        x.drain_to(w, CHUNK)?;
    }
    x.end(2, "edges");
    x.end(1, "graph");
    x.end(0, "gexf");
    x.drain_to(w, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_padded_and_validated() {
        assert_eq!(gexf_date("2018-07-26").as_deref(), Some("2018-07-26"));
        assert_eq!(gexf_date("2018-07").as_deref(), Some("2018-07-01"));
        assert_eq!(gexf_date("2018").as_deref(), Some("2018-01-01"));
        assert_eq!(gexf_date("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(gexf_date("2019-02-29"), None);
        assert_eq!(gexf_date("1900-02-29"), None);
        assert_eq!(gexf_date("2000-02-29").as_deref(), Some("2000-02-29"));
        assert_eq!(gexf_date("2018-13"), None);
        assert_eq!(gexf_date("2018-7-1"), None);
        assert_eq!(gexf_date("July 2018"), None);
        assert_eq!(gexf_date(""), None);
        assert_eq!(gexf_date("+2018"), None);
    }

    #[test]
    fn palette_is_distinct() {
        let colors: std::collections::BTreeSet<_> = Label::ALL.into_iter().map(color).collect();
        assert_eq!(colors.len(), Label::ALL.len());
    }

    #[test]
    fn sizes_grow_with_degree() {
        assert_eq!(size(0), "10.0");
        assert_eq!(size(4), "20.0");
    }
}
