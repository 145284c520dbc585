//! `graph.graphml`: GraphML 1.0 for Gephi, networkx, igraph, yEd, Cytoscape.

use super::xml::Xml;
use crate::graph::KnowledgeGraph;

pub const GRAPHML_FILE: &str = "graph.graphml";

/// What a list value is joined with in GraphML (which has no list type).
pub const LIST_SEPARATOR: &str = "; ";

/// (key id, for, attr.name, attr.type), in document order.
pub const KEYS: [(&str, &str, &str, &str); 17] = [
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),
    ("named", "node", "named", "boolean"),
    ("aliases", "node", "aliases", "string"),
    ("sources", "node", "sources", "string"),
    ("country", "node", "country", "string"),
    ("date", "node", "date", "string"),
    ("place", "node", "place", "string"),
    ("e_label", "edge", "label", "string"),
    ("type", "edge", "type", "string"),
    ("docs", "edge", "docs", "string"),
    ("evidence", "edge", "evidence", "string"),
    ("evidence_count", "edge", "evidence_count", "int"),
    ("title", "edge", "title", "string"),
    ("e_date", "edge", "date", "string"),
    ("urls", "edge", "urls", "string"),
    ("weight", "edge", "weight", "double"),
];

/// Bytes of XML text buffered before they are written out.
const CHUNK: usize = 1 << 16;

/// Write the GraphML document of a graph to `w`, piece by piece.
pub fn write_graphml(graph: &KnowledgeGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut x = Xml::new();
    x.start(
        0,
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    );
    for (id, domain, name, ty) in KEYS {
        x.empty(
            1,
            "key",
            &[
                ("id", id),
                ("for", domain),
                ("attr.name", name),
                ("attr.type", ty),
            ],
        );
    }
    x.start(
        1,
        "graph",
        &[("id", "newsgraph"), ("edgedefault", "directed")],
    );
    for e in graph.full_entities() {
        x.start(2, "node", &[("id", &e.id)]);
        x.text(3, "data", &[("key", "label")], &e.name);
        x.text(3, "data", &[("key", "kind")], e.label.as_str());
        x.text(
            3,
            "data",
            &[("key", "named")],
            if e.named { "true" } else { "false" },
        );
        if !e.aliases.is_empty() {
            let v: Vec<&str> = e.aliases.iter().map(String::as_str).collect();
            x.text(3, "data", &[("key", "aliases")], &v.join(LIST_SEPARATOR));
        }
        if !e.sources.is_empty() {
            let v: Vec<&str> = e.sources.iter().map(String::as_str).collect();
            x.text(3, "data", &[("key", "sources")], &v.join(LIST_SEPARATOR));
        }
        for (key, value) in [
            ("country", &e.country),
            ("date", &e.date),
            ("place", &e.place),
        ] {
            if let Some(v) = value {
                x.text(3, "data", &[("key", key)], v);
            }
        }
        x.end(2, "node");
        x.drain_to(w, CHUNK)?;
    }
    for (i, ix) in graph.graph.edge_indices().enumerate() {
        let r = graph.relation(ix);
        let brief = graph.relation_brief(ix)?;
        let id = format!("e{i}");
        x.start(
            2,
            "edge",
            &[("id", &id), ("source", &r.source), ("target", &r.target)],
        );
        x.text(3, "data", &[("key", "e_label")], r.rel_type.as_str());
        x.text(3, "data", &[("key", "type")], r.rel_type.as_str());
        x.text(
            3,
            "data",
            &[("key", "docs")],
            &brief.docs.join(LIST_SEPARATOR),
        );
        if let Some(first) = &brief.first {
            x.text(3, "data", &[("key", "evidence")], first);
        }
        let n = brief.count.max(1).to_string();
        x.text(
            3,
            "data",
            &[("key", "evidence_count")],
            &brief.count.to_string(),
        );
        for (key, value) in [("title", &r.title), ("e_date", &r.date)] {
            if let Some(v) = value {
                x.text(3, "data", &[("key", key)], v);
            }
        }
        if !brief.urls.is_empty() {
            x.text(
                3,
                "data",
                &[("key", "urls")],
                &brief.urls.join(LIST_SEPARATOR),
            );
        }
        x.text(3, "data", &[("key", "weight")], &n);
        x.end(2, "edge");
        x.drain_to(w, CHUNK)?;
    }
    x.end(1, "graph");
    x.end(0, "graphml");
    x.drain_to(w, 0)
}
