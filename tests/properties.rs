//! Property tests over the whole pipeline: arbitrary Unicode text, genre-like fragments
//! mixed with noise, and arbitrary bytes go through decode → extract → resolve → graph →
//! exports → load → queries. For every input:
//!
//! - no rule panics (`extract::try_extract` is `Ok`);
//! - every evidence span `start..end` slices its document on char boundaries, and the
//!   slice, normalized, is the evidence sentence;
//! - every relation's endpoints are entities (`resolve` relates only what it created);
//! - the CSVs read back (`export::load`) to the same graph;
//! - GraphML and GEXF parse (roxmltree) and hold every node and edge;
//! - every hop of every path found by the query module is a real edge of the graph.
//!
//! `PROPTEST_CASES` sets the number of cases (default 64 per property, to keep `cargo test`
//! fast). The long run used in place of a fuzzer is the same checks for a fixed time:
//! `NEWSGRAPH_FUZZ_SECS=1800 cargo test --release --test properties -- --nocapture`, which
//! prints the number of executions.

use newsgraph::export::{self, ExportFormat};
use newsgraph::extract::{try_extract, Extraction};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::input::{decode, Document};
use newsgraph::lexicon::Lexicon;
use newsgraph::model::{Entity, Relation};
use newsgraph::query::{self, Filters, PathMode};
use newsgraph::text::Text;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Relations built over all cases (printed, to show that the generators reach the rules).
static RELATIONS: AtomicU64 = AtomicU64::new(0);
use std::time::{Duration, Instant};

fn lex() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::builtin().unwrap())
}

/// Pieces of the genre, so that the extractor fires, and pieces of trouble.
const FRAGMENTS: &[&str] = &[
    "Minister Ana Ruiz",
    "Vice Minister Li Wei",
    "Dr. Tran Van Hoa",
    "Ambassador Maria Costa",
    "President Xi",
    "Wang",
    "met with",
    "held talks with",
    "signed",
    "attended",
    "the Memorandum of Understanding on Science and Technology",
    "the MOU",
    "the meeting",
    "Ministry of Science and Technology (MOST)",
    "MOST",
    "of China",
    "Vietnam",
    "the United States",
    "U.S.",
    "Chinese Academy of Sciences",
    "the 2019 Science Summit",
    "On July 26, 2018,",
    "2021年12月30日",
    "in Hanoi",
    ", Director-General of",
    "headed by",
    "León-Velarde",
    "S&T",
    ".",
    ". ",
    "!",
    "? ",
    ",",
    " and ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\"",
    "'",
    "\u{201c}",
    "\u{2019}",
    "(",
    ")",
    ";",
    "e\u{301}",
    "\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{a0}",
    "\u{2028}",
    "\u{0}",
    "\u{fffd}",
    "<&>",
    "\\\"",
    "-- ",
    "\u{202e}",
    "𝕏",
    "…",
];

/// A document: genre fragments, arbitrary strings and arbitrary characters, concatenated.
fn text() -> impl Strategy<Value = String> {
    let person = proptest::sample::select(
        &[
            "Minister Ana Ruiz",
            "Vice Minister Li Wei",
            "Dr. Tran Van Hoa",
            "Ambassador Maria Costa",
            "Chinese Premier Li Qiang",
            "Director-General Cai Jianing",
        ][..],
    );
    let verb = proptest::sample::select(
        &[
            "met with",
            "held talks with",
            "signed",
            "attended",
            "visited",
        ][..],
    );
    let object = prop_oneof![
        person.clone().prop_map(str::to_owned),
        Just("the Agreement on Scientific Cooperation".to_owned()),
        Just("the Ministry of Science and Technology of Vietnam".to_owned()),
        Just("the 2019 Science Summit in Lima".to_owned()),
        "[A-Z][a-z]{2,7} [A-Z][a-z]{2,9}",
    ];
    let sentence = (person, verb, object, "[ .,;\n]{0,3}")
        .prop_map(|(p, v, o, end)| format!("{p} {v} {o}.{end} "));
    let piece = prop_oneof![
        4 => sentence,
        6 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        2 => "[A-Z][a-z]{1,8}",
        1 => any::<String>(),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// A corpus: 1–4 documents with ids that may repeat, and hostile characters.
fn corpus() -> impl Strategy<Value = Vec<Document>> {
    let id = prop_oneof![
        Just("a.txt".to_owned()),
        Just("b.txt".to_owned()),
        Just("-".to_owned()),
        Just("we;ird \"id\".txt".to_owned()),
        Just("../../etc/x".to_owned()),
        "[a-z0-9<>&;,\"' ]{1,6}",
    ];
    proptest::collection::vec((id, text()), 1..4).prop_map(|v| {
        v.into_iter()
            .map(|(id, text)| Document {
                id,
                text,
                meta: Default::default(),
            })
            .collect()
    })
}

fn fail(msg: String) -> Result<(), TestCaseError> {
    Err(TestCaseError::fail(msg))
}

/// Extract every document; check no panic and the evidence spans.
fn extract_all(docs: &[Document]) -> Result<Vec<Extraction>, TestCaseError> {
    let mut out = Vec::new();
    for doc in docs {
        let x = try_extract(doc, lex())
            .map_err(|p| TestCaseError::fail(format!("extract panicked: {p}")))?;
        for r in &x.relations {
            let ev = &r.evidence;
            let t = &doc.text;
            if *ev.doc != *doc.id {
                fail(format!("evidence of {:?} names {:?}", doc.id, ev.doc))?;
            }
            if !(ev.start <= ev.end
                && ev.end <= t.len()
                && t.is_char_boundary(ev.start)
                && t.is_char_boundary(ev.end))
            {
                fail(format!(
                    "span {}..{} does not slice a {}-byte text on char boundaries",
                    ev.start,
                    ev.end,
                    t.len()
                ))?;
            }
            let slice = Text::new(&t[ev.start..ev.end]).norm;
            let words = slice.split_whitespace().collect::<Vec<_>>().join(" ");
            if *words != *ev.sentence {
                fail(format!(
                    "span {}..{} is {words:?}, the sentence is {:?}",
                    ev.start, ev.end, ev.sentence
                ))?;
            }
            if ev.sentence.contains('\n') {
                fail(format!("sentence with a newline: {:?}", ev.sentence))?;
            }
        }
        out.push(x);
    }
    Ok(out)
}

fn same_graph(a: &KnowledgeGraph, b: &KnowledgeGraph) -> bool {
    a.entities().eq(b.entities()) && a.relations().eq(b.relations())
}

/// A folder for exports: in memory when the machine has one (fsync is costly on disk).
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().unwrap()
}

/// The whole pipeline on one corpus, checking every property.
fn check_corpus(docs: &[Document]) -> Result<(), TestCaseError> {
    let extractions = extract_all(docs)?;
    // resolve → graph: no relation may be dropped for a missing endpoint.
    let (entities, relations) = newsgraph::resolve::resolve(extractions.clone(), lex());
    let (resolved, dropped) = KnowledgeGraph::new(entities, relations);
    RELATIONS.fetch_add(resolved.edge_count() as u64, Ordering::Relaxed);
    if !dropped.is_empty() {
        fail(format!("relations without endpoints: {dropped:?}"))?;
    }
    // The graph the build makes, which does not depend on the order of the extractions
    // (documents with the same id included).
    let mut reversed = extractions.clone();
    reversed.reverse();
    let graph = newsgraph::pipeline::merge(extractions, lex());
    if !same_graph(&graph, &newsgraph::pipeline::merge(reversed, lex())) {
        fail("the graph depends on the order of the documents".into())?;
    }
    for r in graph.relations() {
        if graph.entity(&r.source).is_none() || graph.entity(&r.target).is_none() {
            fail(format!("edge endpoint missing: {r:?}"))?;
        }
        if r.evidence.is_empty() {
            fail(format!("relation without evidence: {r:?}"))?;
        }
    }

    // Exports: write, read back, parse the XML.
    let tmp = scratch();
    let out = tmp.path().join("g");
    export::write(&graph, &out, &ExportFormat::ALL)
        .map_err(|e| TestCaseError::fail(format!("export failed: {e:#}")))?;
    let back =
        export::load(&out).map_err(|e| TestCaseError::fail(format!("load failed: {e:#}")))?;
    if !same_graph(&graph, &back) {
        let ea: Vec<&Entity> = graph.entities().collect();
        let eb: Vec<&Entity> = back.entities().collect();
        let ra: Vec<&Relation> = graph.relations().collect();
        let rb: Vec<&Relation> = back.relations().collect();
        fail(format!(
            "CSV round trip differs:\n{ea:?}\n{eb:?}\n{ra:?}\n{rb:?}"
        ))?;
    }
    for (file, node_tag, edge_tag) in [
        ("graph.graphml", "node", "edge"),
        ("graph.gexf", "node", "edge"),
    ] {
        let xml = std::fs::read_to_string(out.join(file)).unwrap();
        let doc = roxmltree::Document::parse(&xml)
            .map_err(|e| TestCaseError::fail(format!("{file} does not parse: {e}")))?;
        let count = |tag: &str| {
            doc.descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == tag)
                .count()
        };
        if count(node_tag) != graph.node_count() || count(edge_tag) != graph.edge_count() {
            fail(format!("{file}: wrong node or edge count"))?;
        }
    }

    // Queries over the snapshot: every hop of every path is a real edge.
    let kg = query::load_graph(&out)
        .map_err(|e| TestCaseError::fail(format!("load_graph failed: {e:#}")))?;
    let nodes: Vec<_> = kg.nodes().collect();
    for (i, &s) in nodes.iter().enumerate().take(6) {
        for &t in nodes.iter().skip(i + 1).take(6) {
            for mode in [
                PathMode::Shortest,
                PathMode::All { limit: 5 },
                PathMode::K(3),
            ] {
                let set = query::find_paths(&kg, s, t, &Filters::default(), mode);
                for p in &set.paths {
                    let mut at = p.start;
                    if at != s {
                        fail("path does not start at its source".into())?;
                    }
                    for h in &p.hops {
                        let (a, b) = kg.endpoints(h.edge);
                        let rel = graph.relations().nth(h.edge.index());
                        let real = rel.is_some_and(|r| {
                            *r.source == *kg.id(a)
                                && *r.target == *kg.id(b)
                                && r.rel_type == kg.rel_type(h.edge)
                        });
                        if h.from != at
                            || !((a, b) == (h.from, h.to) || (b, a) == (h.from, h.to))
                            || !real
                        {
                            fail(format!("hop {h:?} is not an edge of the graph"))?;
                        }
                        at = h.to;
                    }
                    if at != t {
                        fail("path does not end at its target".into())?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Arbitrary bytes as a file: decode either refuses with a message naming the file, or
/// gives a text that goes through the whole pipeline.
fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    match decode("f.txt", bytes) {
        Err(d) => {
            if !d.message.starts_with("f.txt: ") {
                fail(format!("diagnostic does not name the file: {d:?}"))?;
            }
            Ok(())
        }
        Ok((text, warnings)) => {
            for w in &warnings {
                if w.error || !w.message.starts_with("f.txt: ") {
                    fail(format!("bad warning: {w:?}"))?;
                }
            }
            check_corpus(&[Document {
                id: "f.txt".into(),
                text,
                meta: Default::default(),
            }])
        }
    }
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        // Text with stray bytes, BOMs and UTF-16.
        (
            text(),
            proptest::collection::vec(any::<u8>(), 0..4),
            0usize..3
        )
            .prop_map(|(t, junk, how)| match how {
                0 => {
                    let mut b = t.into_bytes();
                    let at = b.len() / 2;
                    b.splice(at..at, junk);
                    b
                }
                1 => {
                    let mut b = vec![0xFF, 0xFE];
                    b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
                    b.extend(junk.into_iter().take(1));
                    b
                }
                _ => {
                    let mut b = vec![0xFE, 0xFF];
                    b.extend(t.encode_utf16().flat_map(u16::to_be_bytes));
                    b
                }
            }),
    ]
}

/// Runs `check` over `strategy`: `PROPTEST_CASES` cases (default 64), or, with
/// `NEWSGRAPH_FUZZ_SECS`, batches of random cases until that time is up. Prints the number
/// of executions.
fn run<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let secs: Option<u64> = std::env::var("NEWSGRAPH_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok());
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    let started = Instant::now();
    let executions = std::cell::Cell::new(0u64);
    loop {
        let config = Config {
            cases: if secs.is_some() { 500 } else { cases },
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&strategy, |v| {
            executions.set(executions.get() + 1);
            check(v)
        });
        if let Err(e) = result {
            panic!("{name}: {e}\n(after {} executions)", executions.get());
        }
        match secs {
            Some(s) if started.elapsed() < Duration::from_secs(s) => continue,
            _ => break,
        }
    }
    eprintln!(
        "{name}: {} executions in {:.1} s, no failure ({} relations built in all tests so far)",
        executions.get(),
        started.elapsed().as_secs_f64(),
        RELATIONS.load(Ordering::Relaxed)
    );
}

#[test]
fn whole_pipeline_on_arbitrary_corpora() {
    run("corpora", corpus(), |docs| check_corpus(&docs));
}

#[test]
fn whole_pipeline_on_arbitrary_bytes() {
    run("bytes", bytes(), |b| check_bytes(&b));
}

// ---- Regressions: inputs the properties found, named after what they found. ----

fn regression(text: &str) {
    check_corpus(&[Document {
        id: "a.txt".into(),
        text: text.into(),
        meta: Default::default(),
    }])
    .unwrap_or_else(|e| panic!("{e}"));
}

/// `Name,` at the end of a line: the affiliation rule looked for a country, then a title,
/// one token past the last (`country_at` / `title_at` indexed out of bounds).
#[test]
fn regression_person_and_comma_at_the_end_of_a_sentence() {
    regression("Vice Minister Li Wei,\nVice Minister Li Wei met with Minister Ana Ruiz. ");
}
