//! `newsgraph view` on the real binary: the page for the bundled corpus and for a
//! neighbourhood, its payload against `stats` and `neighbors`, errors, hostile names, and
//! that the page is one file that loads nothing from the network. (The page itself runs in
//! headless Chromium in `tests/consumers/test_view.py`.)

use assert_cmd::Command;
use newsgraph::export::{self, ExportFormat};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{Entity, Evidence, Label, RelType, Relation};
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// `tests/corpus` built into a temporary folder.
fn built_corpus() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let g = tmp.path().join("graph");
    newsgraph()
        .arg("build")
        .arg(corpus())
        .arg("--out")
        .arg(&g)
        .arg("--quiet")
        .assert()
        .success();
    (tmp, g)
}

fn view(graph: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    newsgraph()
        .arg("view")
        .arg("--graph")
        .arg(graph)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

fn json_of(graph: &Path, args: &[&str]) -> Value {
    let out = newsgraph()
        .args(args)
        .arg("--graph")
        .arg(graph)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The JSON inside `<script id="graph-data" type="application/json">`.
fn payload(html: &str) -> Value {
    let open = r#"<script id="graph-data" type="application/json">"#;
    let start = html.find(open).expect("payload element") + open.len();
    let len = html[start..].find("</script>").expect("payload end");
    serde_json::from_str(&html[start..start + len]).expect("payload is JSON")
}

fn ids(list: &Value) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

/// One file, and nothing it would fetch: no external script, style, image or font.
fn assert_self_contained(dir: &Path, html: &str) {
    let files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") || n.contains(".tmp-"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one page, no temporary files left: {files:?}"
    );
    let lower = html.to_ascii_lowercase();
    assert!(lower.starts_with("<!doctype html>"));
    assert_eq!(
        lower.matches("<script").count(),
        3,
        "library, data, page code"
    );
    assert!(!lower.contains("<script src"), "no external script");
    for (i, _) in lower.match_indices("<link") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        assert!(tag.contains(r#"href="data:"#), "external link: {tag}");
    }
    assert!(lower.contains(&newsgraph::view::CYTOSCAPE_JS.to_ascii_lowercase()));
    // Outside the vendored library (whose licence comment names web sites), no URL at all.
    let own = html.replace(newsgraph::view::CYTOSCAPE_JS, "");
    for bad in ["http:", "https:", "//cdn", "@import", "url("] {
        assert!(!own.contains(bad), "{bad} in the page");
    }
}

#[test]
fn the_corpus_page_holds_every_entity_and_relation() {
    let (tmp, g) = built_corpus();
    let out = tmp.path().join("pages").join("graph.html");
    view(&g, &out, &[])
        .success()
        .stderr(predicates::str::contains("written to"));
    let html = std::fs::read_to_string(&out).unwrap();
    assert_self_contained(out.parent().unwrap(), &html);
    let p = payload(&html);
    let stats = json_of(&g, &["stats"]);
    let n = stats["nodes"].as_u64().unwrap();
    let e = stats["edges"].as_u64().unwrap();
    assert!(n > 20 && e > 20, "{stats}");
    assert_eq!(p["nodes"].as_array().unwrap().len() as u64, n);
    assert_eq!(p["edges"].as_array().unwrap().len() as u64, e);
    assert_eq!(p["graph"]["nodes"].as_u64(), Some(n));
    assert_eq!(p["truncated"], false);
    assert!(html.contains(&format!(r#"<span id="count-nodes">{n}</span>"#)));
    assert!(html.contains(&format!(r#"<span id="count-edges">{e}</span>"#)));
    // Label counts add up; every edge joins two nodes of the page; evidence is capped at 5
    // with the total given.
    let by_label: u64 = p["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["count"].as_u64().unwrap())
        .sum();
    assert_eq!(by_label, n);
    let node_ids = ids(&p["nodes"]);
    for edge in p["edges"].as_array().unwrap() {
        for end in ["source", "target"] {
            assert!(node_ids.contains(&edge[end].as_str().unwrap().to_owned()));
        }
        let shown = edge["evidence"].as_array().unwrap().len() as u64;
        let total = edge["evidence_total"].as_u64().unwrap();
        assert!((1..=5).contains(&shown) && shown <= total, "{edge}");
        assert_eq!(shown, total.min(5));
    }
    // Cai Jianing's record, as `show` gives it.
    let cai = p["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Cai Jianing")
        .expect("Cai Jianing on the page");
    let shown = json_of(&g, &["show", "Cai Jianing"]);
    assert_eq!(cai["id"], shown["entity"]["id"]);
    assert_eq!(cai["aliases"], shown["entity"]["aliases"]);
    assert_eq!(cai["sources"], shown["entity"]["sources"]);
    assert_eq!(cai["degree"], shown["degree"]);
}

#[test]
fn around_an_entity_keeps_its_neighbourhood() {
    let (tmp, g) = built_corpus();
    for depth in ["1", "2"] {
        let out = tmp.path().join(format!("cai-{depth}.html"));
        view(&g, &out, &["--around", "DDG Cai Jianing", "--depth", depth]).success();
        let p = payload(&std::fs::read_to_string(&out).unwrap());
        let nb = json_of(&g, &["neighbors", "Cai Jianing", "--depth", depth]);
        let mut want = ids(&nb["neighbors"]);
        want.push(nb["entity"]["id"].as_str().unwrap().to_owned());
        want.sort();
        assert_eq!(ids(&p["nodes"]), want, "depth {depth}");
        assert_eq!(p["around"]["id"], nb["entity"]["id"]);
        assert_eq!(p["around"]["depth"].as_u64().unwrap().to_string(), depth);
        // Every relation between two of them, and only those.
        let stats = json_of(&g, &["stats"]);
        assert!((p["edges"].as_array().unwrap().len() as u64) < stats["edges"].as_u64().unwrap());
        for edge in p["edges"].as_array().unwrap() {
            assert!(want.contains(&edge["source"].as_str().unwrap().to_owned()));
            assert!(want.contains(&edge["target"].as_str().unwrap().to_owned()));
        }
    }
}

#[test]
fn unknown_or_ambiguous_entities_exit_2_and_write_nothing() {
    let (tmp, g) = built_corpus();
    let out = tmp.path().join("x.html");
    view(&g, &out, &["--around", "Nobody At All"])
        .code(2)
        .stderr(predicates::str::contains("no entity named"));
    assert!(!out.exists());
    let h = hostile_graph(tmp.path());
    view(&h, &out, &["--around", "Twin"])
        .code(2)
        .stderr(predicates::str::contains("ambiguous"));
    assert!(!out.exists());
    view(&h, &out, &["--around", "Twin", "--first", "--depth", "1"]).success();
    // --depth needs --around; a folder is no page; a missing graph is an error.
    newsgraph()
        .args(["view", "--depth", "1", "--out"])
        .arg(&out)
        .arg("--graph")
        .arg(&g)
        .assert()
        .code(2);
    view(&g, tmp.path(), &[])
        .code(2)
        .stderr(predicates::str::contains("is a folder"));
    view(&tmp.path().join("missing"), &out, &[]).code(2);
}

/// Entities and evidence with markup, script ends, comment openers and line separators.
fn hostile_graph(dir: &Path) -> PathBuf {
    let ent = |id: &str, label, name: &str, aliases: &[&str]| Entity {
        id: id.to_owned(),
        label,
        name: name.to_owned(),
        named: true,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        sources: ["<b>doc</b>.txt".to_owned()].into(),
        country: None,
        date: None,
        place: None,
    };
    let entities = vec![
        ent(
            "person:script",
            Label::Person,
            "</script><script>alert(1)</script>",
            &["<!-- Twin", "Twin"],
        ),
        ent("person:twin", Label::Person, "Other", &["Twin"]),
        ent(
            "organization:amp",
            Label::Organization,
            "R&D {{DATA}} \u{2028}Lab\u{2029} </SCRIPT >",
            &[],
        ),
    ];
    let relations = vec![Relation {
        rel_type: RelType::AffiliatedWith,
        source: "person:script".into(),
        target: "organization:amp".into(),
        title: Some("<img src=x onerror=alert(2)>".to_owned()),
        date: None,
        evidence: [Evidence {
            doc: "<b>doc</b>.txt".into(),
            start: 0,
            end: 10,
            sentence: "He </script> works <!-- at --> R&D\u{2028}Lab.".into(),
            ..Evidence::default()
        }]
        .into(),
    }];
    let (kg, dropped) = KnowledgeGraph::new(entities, relations);
    assert!(dropped.is_empty());
    let g = dir.join("hostile");
    export::write(&kg, &g, &ExportFormat::ALL).unwrap();
    g
}

#[test]
fn hostile_names_are_escaped_and_round_trip() {
    let tmp = TempDir::new().unwrap();
    let g = hostile_graph(tmp.path());
    let out = tmp.path().join("page.html");
    view(&g, &out, &[]).success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert_self_contained(tmp.path(), &html);
    let lower = html.to_ascii_lowercase();
    assert_eq!(lower.matches("</script").count(), 3, "only the page's own");
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(!html.contains('\u{2028}') && !html.contains('\u{2029}'));
    let p = payload(&html);
    let names: Vec<&str> = p["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"</script><script>alert(1)</script>"));
    assert!(names.contains(&"R&D {{DATA}} \u{2028}Lab\u{2029} </SCRIPT >"));
    assert_eq!(
        p["edges"][0]["evidence"][0]["sentence"],
        "He </script> works <!-- at --> R&D\u{2028}Lab."
    );
    assert_eq!(p["edges"][0]["title"], "<img src=x onerror=alert(2)>");
    // The title of a neighbourhood page is the entity's name, escaped.
    let around = tmp.path().join("around.html");
    view(&g, &around, &["--around", "person:script"]).success();
    let html = std::fs::read_to_string(&around).unwrap();
    assert!(html.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; and its neighbours within 2 hops</title>"));
}

#[test]
fn pages_are_deterministic_and_replaced_whole() {
    let (tmp, g) = built_corpus();
    let a = tmp.path().join("a.html");
    let b = tmp.path().join("b.html");
    view(&g, &a, &[]).success();
    view(&g, &b, &[]).success();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Rewriting a page replaces it.
    view(&g, &a, &["--around", "Cai Jianing", "--depth", "1"]).success();
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn a_large_graph_is_cut_with_a_warning() {
    let (tmp, g) = built_corpus();
    let out = tmp.path().join("cut.html");
    view(&g, &out, &["--max-nodes", "10", "--evidence", "0"])
        .success()
        .stderr(predicates::str::contains("--around"));
    let p = payload(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(p["nodes"].as_array().unwrap().len(), 10);
    assert_eq!(p["truncated"], true);
    // The best connected are kept: the entity with most relations is there.
    let stats = json_of(&g, &["stats"]);
    let top = stats["top_degree"][0]["id"].as_str().unwrap().to_owned();
    assert!(ids(&p["nodes"]).contains(&top));
    // --evidence 0: every sentence.
    for edge in p["edges"].as_array().unwrap() {
        assert_eq!(
            edge["evidence"].as_array().unwrap().len() as u64,
            edge["evidence_total"].as_u64().unwrap()
        );
    }
    view(&g, &out, &["--max-nodes", "0"])
        .success()
        .stderr(predicates::str::contains("warning").not());
}
