//! `newsgraph view`: the graph (or the neighbourhood of one entity) as one self-contained
//! HTML page, to look at in a browser with no network.
//!
//! [`select`] picks the entities and relations to show, [`payload`] reads their full records
//! into a [`Payload`] (the JSON the page reads), and [`render_html`] puts that JSON, the
//! vendored Cytoscape.js and the page's own script and style into one HTML document built
//! from `view/template.html`. [`write`] does all three and writes the file atomically
//! (`export::write_file_atomic`).
//!
//! # The page
//!
//! Nodes are coloured by label (legend at the top, with counts; a click on a label hides or
//! shows it) and sized by their degree in the page; edges are coloured by type and drawn
//! with an arrow from source to target (none for `MET_WITH`). The search box matches names
//! and aliases (case, accents and punctuation ignored), highlights the matches and centres
//! on the first one. A click on a node shows its label, names, properties, documents and
//! relations in the side panel; a click on an edge shows its type, ends, title, date,
//! documents and evidence sentences. The layout is Cytoscape's `cose`, started from a
//! circle in id order with a seeded random generator, so a page looks the same each time it
//! is opened.
//!
//! For tests and scripts the page exposes `window.newsgraphView` (`cy`, the Cytoscape
//! instance; `data`, the payload; `ready`, true once laid out) and the counts in
//! `#count-nodes` and `#count-edges`.
//!
//! # Payload (`<script id="graph-data" type="application/json">`)
//!
//! ```json
//! {"format": "newsgraph-view", "version": 1, "title": str,
//!  "graph": {"nodes": int, "edges": int},          // the whole graph
//!  "around": {"id", "name", "depth": int} | null,
//!  "truncated": bool,                               // --max-nodes dropped entities
//!  "labels": [{"label", "color", "count"}],         // every label, counts in the page
//!  "types": [{"type", "color", "count", "directed": bool}],
//!  "nodes": [{"id", "name", "label", "named", "aliases": [str], "sources": [str],
//!             "country", "date", "place", "degree": int, "shown_degree": int}],
//!  "edges": [{"id", "source", "target", "type", "title", "date", "docs": [str],
//!             "evidence": [{"doc", "sentence"}], "evidence_total": int}]}
//! ```
//!
//! Nodes are in id order, edges in graph order, so the same graph and options give a
//! byte-identical page. The JSON is escaped for a `<script>` element by [`script_json`].

use crate::model::{Label, RelType};
use crate::query::{self, Filters, QueryGraph};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The page template; `{{TITLE}}`, `{{COUNT_NODES}}`, `{{COUNT_EDGES}}`, `{{CYTOSCAPE}}`
/// and `{{DATA}}` are filled in by [`render_html`].
const TEMPLATE: &str = include_str!("view/template.html");

/// Cytoscape.js, vendored from its npm package (see `view/vendor/README.md`).
pub const CYTOSCAPE_JS: &str = include_str!("view/vendor/cytoscape.min.js");

/// The vendored library's version (must match `view/vendor/README.md`).
pub const CYTOSCAPE_VERSION: &str = "3.34.4";

/// Default largest number of entities on a page.
pub const DEFAULT_MAX_NODES: usize = 1000;

/// The colour of a label's nodes (Tableau 10, readable on white).
pub fn label_color(label: Label) -> &'static str {
    match label {
        Label::Person => "#4e79a7",
        Label::Organization => "#f28e2b",
        Label::Country => "#59a14f",
        Label::Agreement => "#e15759",
        Label::Event => "#b07aa1",
    }
}

/// The colour of a relation type's edges.
pub fn type_color(t: RelType) -> &'static str {
    match t {
        RelType::MetWith => "#d62728",
        RelType::Signed => "#8c564b",
        RelType::Attended => "#9467bd",
        RelType::AffiliatedWith => "#1f77b4",
        RelType::BasedIn => "#a0a0a0",
    }
}

/// What to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Only this entity and its neighbours within `depth` hops (any type, either way).
    pub around: Option<NodeIndex>,
    pub depth: usize,
    /// Evidence sentences kept per relation (0 = all); the page gives the total.
    pub evidence: usize,
    /// Largest number of entities (0 = no limit). Without `around` the best connected are
    /// kept; with it, the nearest.
    pub max_nodes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            around: None,
            depth: 2,
            evidence: 5,
            max_nodes: DEFAULT_MAX_NODES,
        }
    }
}

/// The entities and relations a page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// In id order.
    pub nodes: Vec<NodeIndex>,
    /// Every relation between two selected entities, in graph order.
    pub edges: Vec<EdgeIndex>,
    /// Entities left out because of `max_nodes`.
    pub dropped: usize,
}

/// Pick the entities (all, or `around` and its neighbourhood; at most `max_nodes`) and
/// every relation between them.
pub fn select(kg: &QueryGraph, opts: &Options) -> Selection {
    let cap = |n: usize| {
        if opts.max_nodes == 0 {
            n
        } else {
            n.min(opts.max_nodes)
        }
    };
    let (mut nodes, total): (Vec<NodeIndex>, usize) = match opts.around {
        Some(start) => {
            // Nearest first (then by name), so a cap keeps the closest.
            let mut list = vec![start];
            list.extend(
                query::neighbors(kg, start, opts.depth, &Filters::default())
                    .into_iter()
                    .map(|n| n.node),
            );
            let total = list.len();
            list.truncate(cap(total));
            (list, total)
        }
        None => {
            let total = kg.node_count();
            let mut list: Vec<NodeIndex> = kg.nodes().collect();
            if cap(total) < total {
                let degree = |n: NodeIndex| kg.incident(n).len();
                list.sort_by(|&a, &b| degree(b).cmp(&degree(a)).then_with(|| a.cmp(&b)));
                list.truncate(cap(total));
            }
            (list, total)
        }
    };
    nodes.sort();
    let keep: BTreeSet<NodeIndex> = nodes.iter().copied().collect();
    let mut edges: BTreeSet<EdgeIndex> = BTreeSet::new();
    for &n in &nodes {
        for (other, e, _) in kg.incident(n) {
            if keep.contains(&other) {
                edges.insert(e);
            }
        }
    }
    Selection {
        dropped: total - nodes.len(),
        nodes,
        edges: edges.into_iter().collect(),
    }
}

/// The JSON the page reads (see the module docs).
#[derive(Clone, Debug, Serialize)]
pub struct Payload {
    pub format: &'static str,
    pub version: u32,
    pub title: String,
    pub graph: GraphCounts,
    pub around: Option<Around>,
    pub truncated: bool,
    pub labels: Vec<LabelEntry>,
    pub types: Vec<TypeEntry>,
    pub nodes: Vec<NodeData>,
    pub edges: Vec<EdgeData>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GraphCounts {
    pub nodes: usize,
    pub edges: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Around {
    pub id: String,
    pub name: String,
    pub depth: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct LabelEntry {
    pub label: &'static str,
    pub color: &'static str,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeEntry {
    #[serde(rename = "type")]
    pub rel_type: &'static str,
    pub color: &'static str,
    pub count: usize,
    pub directed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeData {
    pub id: String,
    pub name: String,
    pub label: &'static str,
    pub named: bool,
    pub aliases: Vec<String>,
    pub sources: Vec<String>,
    pub country: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    /// Relations in the whole graph.
    pub degree: usize,
    /// Relations on the page.
    pub shown_degree: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct EdgeData {
    pub id: String,
    pub source: String,
    pub target: String,
    #[serde(rename = "type")]
    pub rel_type: &'static str,
    pub title: Option<String>,
    pub date: Option<String>,
    pub docs: Vec<String>,
    pub evidence: Vec<EvidenceData>,
    pub evidence_total: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceData {
    pub doc: String,
    pub sentence: String,
}

/// Read the full records of the selection into the page's payload. Fails only when a record
/// of a lazily loaded graph cannot be read.
pub fn payload(kg: &QueryGraph, sel: &Selection, opts: &Options) -> std::io::Result<Payload> {
    let mut shown_degree: BTreeMap<NodeIndex, usize> = BTreeMap::new();
    let mut type_counts: BTreeMap<RelType, usize> = BTreeMap::new();
    let mut edges = Vec::with_capacity(sel.edges.len());
    for &e in &sel.edges {
        let (s, t) = kg.endpoints(e);
        *shown_degree.entry(s).or_default() += 1;
        if t != s {
            *shown_degree.entry(t).or_default() += 1;
        }
        *type_counts.entry(kg.rel_type(e)).or_default() += 1;
        let r = kg.relation(e)?;
        let keep = if opts.evidence == 0 {
            usize::MAX
        } else {
            opts.evidence
        };
        edges.push(EdgeData {
            id: format!("e{}", e.index()),
            source: kg.id(s).to_owned(),
            target: kg.id(t).to_owned(),
            rel_type: kg.rel_type(e).as_str(),
            title: r.title.clone(),
            date: r.date.clone(),
            docs: r.docs().into_iter().map(str::to_owned).collect(),
            evidence: r
                .evidence
                .iter()
                .take(keep)
                .map(|ev| EvidenceData {
                    doc: ev.doc.to_string(),
                    sentence: ev.sentence.to_string(),
                })
                .collect(),
            evidence_total: r.evidence.len(),
        });
    }
    let mut label_counts: BTreeMap<Label, usize> = BTreeMap::new();
    let mut nodes = Vec::with_capacity(sel.nodes.len());
    for &n in &sel.nodes {
        *label_counts.entry(kg.label(n)).or_default() += 1;
        let ent = kg.entity(n)?;
        nodes.push(NodeData {
            id: ent.id.clone(),
            name: ent.name.clone(),
            label: ent.label.as_str(),
            named: ent.named,
            aliases: ent.aliases.iter().cloned().collect(),
            sources: ent.sources.iter().cloned().collect(),
            country: ent.country.clone(),
            date: ent.date.clone(),
            place: ent.place.clone(),
            degree: kg.incident(n).len(),
            shown_degree: shown_degree.get(&n).copied().unwrap_or(0),
        });
    }
    let around = opts.around.map(|n| Around {
        id: kg.id(n).to_owned(),
        name: kg.name(n).to_owned(),
        depth: opts.depth,
    });
    let title = match &around {
        Some(a) => format!(
            "{} and its neighbours within {} hop{}",
            a.name,
            a.depth,
            if a.depth == 1 { "" } else { "s" }
        ),
        None => "newsgraph".to_owned(),
    };
    Ok(Payload {
        format: "newsgraph-view",
        version: 1,
        title,
        graph: GraphCounts {
            nodes: kg.node_count(),
            edges: kg.edge_count(),
        },
        around,
        truncated: sel.dropped > 0,
        labels: Label::ALL
            .iter()
            .map(|&l| LabelEntry {
                label: l.as_str(),
                color: label_color(l),
                count: label_counts.get(&l).copied().unwrap_or(0),
            })
            .collect(),
        types: RelType::ALL
            .iter()
            .map(|&t| TypeEntry {
                rel_type: t.as_str(),
                color: type_color(t),
                count: type_counts.get(&t).copied().unwrap_or(0),
                directed: !t.is_symmetric(),
            })
            .collect(),
        nodes,
        edges,
    })
}

/// JSON for the inside of a `<script>` element. The only text that can end or confuse a
/// script element in HTML is `</script`, `<!--` (and `<script` after it) — all start with
/// `<` — and a JavaScript parser (though not `JSON.parse`) takes U+2028/U+2029 as line ends.
/// Outside strings serde's JSON has none of `<`, `>`, `&`, U+2028, U+2029; inside strings
/// each is written as a `\uXXXX` escape, which is the same JSON value. So the result
/// parses to the same value and never contains `<`, `>` or `&`.
pub fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("the payload serializes (plain data)");
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML element content or a quoted attribute value.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page: the template with the title, counts, Cytoscape.js and the payload. Each
/// placeholder is replaced once, in one pass, so text inside the payload is never taken for
/// a placeholder.
pub fn render_html(p: &Payload) -> String {
    let data = script_json(p);
    let title = html_escape(&p.title);
    let nodes = p.nodes.len().to_string();
    let edges = p.edges.len().to_string();
    let mut out = String::with_capacity(TEMPLATE.len() + CYTOSCAPE_JS.len() + data.len());
    let mut rest = TEMPLATE;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        match &after[..j] {
            "TITLE" => out.push_str(&title),
            "COUNT_NODES" => out.push_str(&nodes),
            "COUNT_EDGES" => out.push_str(&edges),
            "CYTOSCAPE" => out.push_str(CYTOSCAPE_JS),
            "DATA" => out.push_str(&data),
            other => {
                // Not a placeholder (e.g. JavaScript): keep it as written.
                out.push_str("{{");
                out.push_str(other);
                out.push_str("}}");
            }
        }
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    out
}

/// What [`write`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewReport {
    pub nodes: usize,
    pub edges: usize,
    /// Entities left out because of `max_nodes`.
    pub dropped: usize,
    pub bytes: usize,
    /// For the user: the page was cut, and how to get a usable one.
    pub warnings: Vec<String>,
}

/// Select, read, render and write the page to `out` (atomically).
pub fn write(kg: &QueryGraph, opts: &Options, out: &Path) -> anyhow::Result<ViewReport> {
    use anyhow::Context;
    let sel = select(kg, opts);
    let p = payload(kg, &sel, opts).context("cannot read the graph")?;
    let html = render_html(&p);
    crate::export::write_file_atomic(out, html.as_bytes())?;
    let mut warnings = Vec::new();
    if sel.dropped > 0 {
        let total = sel.nodes.len() + sel.dropped;
        warnings.push(match opts.around {
            None => format!(
                "the graph has {total} entities, more than a page can lay out usefully; \
                 showing the {} with most relations (--max-nodes {}). Look at a part with \
                 --around ENTITY --depth N, or raise --max-nodes (0 = no limit)",
                sel.nodes.len(),
                opts.max_nodes
            ),
            Some(_) => format!(
                "{total} entities are within {} hops; showing the {} nearest (--max-nodes {}). \
                 Lower --depth, or raise --max-nodes (0 = no limit)",
                opts.depth,
                sel.nodes.len(),
                opts.max_nodes
            ),
        });
    }
    Ok(ViewReport {
        nodes: sel.nodes.len(),
        edges: sel.edges.len(),
        dropped: sel.dropped,
        bytes: html.len(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KnowledgeGraph;
    use crate::model::{Entity, Evidence, Relation};

    fn entity(label: Label, id: &str, name: &str) -> Entity {
        Entity {
            id: id.to_owned(),
            label,
            name: name.to_owned(),
            named: true,
            aliases: Default::default(),
            sources: ["a.txt".to_owned()].into(),
            country: None,
            date: None,
            place: None,
        }
    }

    fn relation(t: RelType, s: &str, o: &str, n_evidence: usize) -> Relation {
        Relation {
            rel_type: t,
            source: s.into(),
            target: o.into(),
            title: None,
            date: None,
            evidence: (0..n_evidence)
                .map(|i| Evidence {
                    doc: format!("d{i}.txt").into(),
                    start: i,
                    end: i + 1,
                    sentence: format!("Sentence {i} </script><!-- \u{2028}.").into(),
                    ..Evidence::default()
                })
                .collect(),
        }
    }

    /// A chain p:a - p:b - p:c - p:d, plus an isolated country.
    fn chain() -> QueryGraph {
        let ents = vec![
            entity(
                Label::Person,
                "person:a",
                "A </script><script>alert(1)</script>",
            ),
            entity(Label::Person, "person:b", "B"),
            entity(Label::Person, "person:c", "C"),
            entity(Label::Person, "person:d", "D"),
            entity(Label::Country, "country:x", "X"),
        ];
        let rels = vec![
            relation(RelType::MetWith, "person:a", "person:b", 7),
            relation(RelType::MetWith, "person:b", "person:c", 1),
            relation(RelType::MetWith, "person:c", "person:d", 1),
        ];
        let (kg, dropped) = KnowledgeGraph::new(ents, rels);
        assert!(dropped.is_empty());
        QueryGraph::new(kg).unwrap()
    }

    #[test]
    fn script_json_escapes_everything_that_could_end_a_script() {
        let hostile = "</script><script>alert(1)</script> <!-- x --> & \u{2028}\u{2029} </SCRIPT";
        let s = script_json(&serde_json::json!({ "name": hostile, "k<>": [1] }));
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!s.contains(bad), "{bad:?} left in {s}");
        }
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], hostile);
        assert_eq!(back["k<>"], serde_json::json!([1]));
        assert!(s.contains("\\u003c/script\\u003e"), "{s}");
        assert!(s.contains("\\u2028\\u2029"), "{s}");
    }

    #[test]
    fn html_escape_escapes_markup_and_quotes() {
        assert_eq!(
            html_escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(html_escape("Wang Zhigang"), "Wang Zhigang");
    }

    #[test]
    fn the_vendored_library_can_be_inlined() {
        // Inlined in a <script> element, it must not hold anything that ends it.
        let lower = CYTOSCAPE_JS.to_ascii_lowercase();
        assert!(!lower.contains("</script"));
        assert!(!lower.contains("<!--"));
        assert!(
            CYTOSCAPE_JS.contains("Cytoscape Consortium"),
            "licence header kept"
        );
        let readme = include_str!("view/vendor/README.md");
        assert!(readme.contains(&format!("cytoscape@{CYTOSCAPE_VERSION}")));
    }

    #[test]
    fn whole_graph_and_neighbourhoods() {
        let kg = chain();
        let all = select(&kg, &Options::default());
        assert_eq!((all.nodes.len(), all.edges.len(), all.dropped), (5, 3, 0));
        let b = kg.index_of("person:b").unwrap();
        let around = |depth| Options {
            around: Some(b),
            depth,
            ..Options::default()
        };
        let ids = |s: &Selection| s.nodes.iter().map(|&n| kg.id(n)).collect::<Vec<_>>();
        let one = select(&kg, &around(1));
        assert_eq!(ids(&one), ["person:a", "person:b", "person:c"]);
        assert_eq!(one.edges.len(), 2);
        let two = select(&kg, &around(2));
        assert_eq!(ids(&two), ["person:a", "person:b", "person:c", "person:d"]);
        assert_eq!(two.edges.len(), 3);
        // A cap keeps the start and the nearest.
        let capped = select(
            &kg,
            &Options {
                max_nodes: 2,
                ..around(2)
            },
        );
        assert_eq!(capped.nodes.len(), 2);
        assert_eq!(capped.dropped, 2);
        assert!(capped.nodes.contains(&b));
        assert_eq!(capped.edges.len(), 1);
    }

    #[test]
    fn a_capped_whole_graph_keeps_the_best_connected() {
        let kg = chain();
        let sel = select(
            &kg,
            &Options {
                max_nodes: 2,
                ..Options::default()
            },
        );
        let ids: Vec<&str> = sel.nodes.iter().map(|&n| kg.id(n)).collect();
        assert_eq!(ids, ["person:b", "person:c"]);
        assert_eq!((sel.edges.len(), sel.dropped), (1, 3));
    }

    #[test]
    fn payload_caps_evidence_and_counts() {
        let kg = chain();
        let opts = Options {
            evidence: 5,
            ..Options::default()
        };
        let p = payload(&kg, &select(&kg, &opts), &opts).unwrap();
        let ab = p.edges.iter().find(|e| e.source == "person:a").unwrap();
        assert_eq!((ab.evidence.len(), ab.evidence_total), (5, 7));
        assert_eq!(ab.docs.len(), 7);
        let counts: Vec<(&str, usize)> = p.labels.iter().map(|l| (l.label, l.count)).collect();
        assert_eq!(counts[0], ("Person", 4));
        assert_eq!(counts[2], ("Country", 1));
        let b = p.nodes.iter().find(|n| n.id == "person:b").unwrap();
        assert_eq!((b.degree, b.shown_degree), (2, 2));
        let all = Options {
            evidence: 0,
            ..opts
        };
        let p = payload(&kg, &select(&kg, &all), &all).unwrap();
        assert_eq!(p.edges[0].evidence.len(), 7);
    }

    #[test]
    fn the_page_embeds_the_payload_safely_and_deterministically() {
        let kg = chain();
        let opts = Options::default();
        let p = payload(&kg, &select(&kg, &opts), &opts).unwrap();
        let html = render_html(&p);
        assert_eq!(html, render_html(&p));
        let start = html
            .find(r#"<script id="graph-data" type="application/json">"#)
            .unwrap();
        let body = &html[start..];
        let body = &body[body.find('>').unwrap() + 1..];
        let end = body.find("</script>").unwrap();
        let v: serde_json::Value = serde_json::from_str(&body[..end]).unwrap();
        assert_eq!(v["nodes"].as_array().unwrap().len(), 5);
        assert_eq!(v["nodes"][0]["id"], "country:x");
        assert_eq!(
            v["nodes"][1]["name"],
            "A </script><script>alert(1)</script>"
        );
        // The hostile name never appears raw, and every placeholder was filled.
        assert!(!html.contains("<script>alert(1)"));
        for ph in ["{{TITLE}}", "{{DATA}}", "{{CYTOSCAPE}}", "{{COUNT_NODES}}"] {
            assert!(!html.contains(ph), "{ph} left");
        }
        assert!(html.contains(r#"<span id="count-nodes">5</span>"#));
        assert!(html.contains(r#"<span id="count-edges">3</span>"#));
    }

    #[test]
    fn a_title_with_markup_is_escaped() {
        let kg = chain();
        let a = kg.index_of("person:a").unwrap();
        let opts = Options {
            around: Some(a),
            depth: 1,
            ..Options::default()
        };
        let html = render_html(&payload(&kg, &select(&kg, &opts), &opts).unwrap());
        assert!(html.contains(
            "<title>A &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; and its neighbours within 1 hop"
        ));
    }
}
