//! The split/merge invariant: building from the extraction records of any split of the
//! corpus (any order, any number of parts, records repeated across parts) gives exports
//! byte-identical to one `build` over the whole corpus, for any thread count. Checked on
//! random splits of `tests/corpus` + `tests/dev/corpus` with the library, and on a few
//! splits with the real binary (`newsgraph extract` → `build --from-extracted`).

use assert_cmd::Command;
use newsgraph::export::{self, ExportFormat};
use newsgraph::extract::Extraction;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::pipeline::{self, Item, Options};
use newsgraph::records;
use proptest::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn inputs() -> Vec<PathBuf> {
    vec![root().join("tests/corpus"), root().join("tests/dev/corpus")]
}

type Files = Vec<(String, Vec<u8>)>;

fn files_of(dir: &Path) -> Files {
    let mut v: Files = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn exports_of(graph: &KnowledgeGraph) -> Files {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    export::write(graph, &out, &ExportFormat::ALL).unwrap();
    files_of(&out)
}

fn assert_same(got: &Files, want: &Files, what: &str) {
    let names = |f: &Files| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(got), names(want), "{what}: other files");
    for ((name, g), (_, w)) in got.iter().zip(want) {
        assert!(g == w, "{what}: {name} differs");
    }
}

struct Corpus {
    lex: Lexicon,
    /// One record line per document, in input order.
    records: Vec<String>,
    extractions: Vec<Extraction>,
    /// The exports of one build over the whole corpus.
    reference: Files,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let lex = Lexicon::builtin().unwrap();
        let opts = Options {
            jobs: 1,
            ..Options::default()
        };
        let (graph, stats, diags) = pipeline::build_with(&inputs(), &lex, opts);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(stats.documents, 38);
        let mut records = Vec::new();
        let mut extractions = Vec::new();
        pipeline::extract_each(&inputs(), &lex, Options { jobs: 2, ..opts }, |item| {
            if let Item::Document {
                extraction, words, ..
            } = item
            {
                records.push(records::to_line(&extraction, words));
                extractions.push(extraction);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(records.len(), 38);
        Corpus {
            reference: exports_of(&graph),
            lex,
            records,
            extractions,
        }
    })
}

#[test]
fn any_thread_count_gives_the_same_exports() {
    let c = corpus();
    for jobs in [2, 3, 0] {
        let opts = Options {
            jobs,
            ..Options::default()
        };
        let (graph, _, _) = pipeline::build_with(&inputs(), &c.lex, opts);
        assert_same(&exports_of(&graph), &c.reference, &format!("-j{jobs}"));
    }
}

#[test]
fn stored_evidence_reads_back_as_resolved_in_memory() {
    // `build` keeps the relations' evidence in a temporary file; `merge` in the relations.
    let c = corpus();
    let opts = Options {
        jobs: 1,
        ..Options::default()
    };
    let (built, _, _) = pipeline::build_with(&inputs(), &c.lex, opts);
    let merged = pipeline::merge(c.extractions.clone(), &c.lex);
    assert!(built.evidence_is_stored());
    assert!(!merged.evidence_is_stored());
    let stored: Vec<_> = built
        .full_relations()
        .map(|r| r.unwrap().into_owned())
        .collect();
    let in_memory: Vec<_> = merged.relations().cloned().collect();
    assert_eq!(stored.len(), in_memory.len());
    assert!(stored.iter().all(|r| !r.evidence.is_empty()));
    assert!(stored.iter().any(|r| r.evidence.len() > 1));
    assert_eq!(stored, in_memory);
    // Without the evidence, the relations are the same too.
    assert!(built.relations().all(|r| r.evidence.is_empty()));
    // The entities' sources are read back the same way.
    assert!(built.entities().all(|e| e.sources.is_empty()));
    assert!(merged.entities().all(|e| !e.sources.is_empty()));
    let full: Vec<_> = built.full_entities().map(|e| e.into_owned()).collect();
    assert!(full.iter().eq(merged.entities()));
}

/// A split: for each record, its part (0..parts) and whether it is also repeated in another
/// part; and the order the records are written in.
fn split() -> impl Strategy<Value = (usize, Vec<usize>, Vec<Option<usize>>, Vec<usize>)> {
    let n = 38;
    (1..=6usize).prop_flat_map(move |parts| {
        (
            Just(parts),
            proptest::collection::vec(0..parts, n),
            proptest::collection::vec(proptest::option::weighted(0.1, 0..parts), n),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn any_split_of_the_records_gives_the_same_exports(
        (parts, part_of, repeat_in, order) in split()
    ) {
        let c = corpus();
        let tmp = tempfile::tempdir().unwrap();
        let mut texts = vec![String::new(); parts];
        let mut shuffled = Vec::new();
        for &i in &order {
            texts[part_of[i]].push_str(&c.records[i]);
            texts[part_of[i]].push('\n');
            shuffled.push(c.extractions[i].clone());
            if let Some(p) = repeat_in[i] {
                texts[p].push_str(&c.records[i]);
                texts[p].push('\n');
                shuffled.push(c.extractions[i].clone());
            }
        }
        let paths: Vec<PathBuf> = texts
            .iter()
            .enumerate()
            .map(|(p, text)| {
                let path = tmp.path().join(format!("part{p}.jsonl"));
                fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let opts = Options {
            jobs: 1 + parts % 2,
            ..Options::default()
        };
        let (graph, stats, diags) = pipeline::build_from_extracted(&paths, &c.lex, opts);
        let repeated = repeat_in.iter().flatten().count();
        prop_assert_eq!(stats.documents, 38 + repeated);
        prop_assert_eq!(stats.skipped, 0);
        prop_assert_eq!(diags.len(), repeated, "one warning per repeated record");
        prop_assert!(diags.iter().all(|d| !d.error && d.message.contains("counted once")));
        let got = exports_of(&graph);
        assert_same(&got, &c.reference, "from records");
        // The same through the library, without files.
        let merged = pipeline::merge(shuffled, &c.lex);
        assert_same(&exports_of(&merged), &c.reference, "merged in memory");
    }
}

/// Two articles with the same file name in different folders: `build` merges them, in
/// either folder order, and so does building from their records in either order.
#[test]
fn same_document_id_twice_is_merged_the_same_way_everywhere() {
    let c = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    fs::write(
        a.join("same.txt"),
        "Vice Minister Li Wei held talks with Ambassador Maria Costa in Brasilia on May 3, 2019.",
    )
    .unwrap();
    fs::write(
        b.join("same.txt"),
        "Minister Maria Costa met with Director General Ahmed Said in Cairo on June 4, 2020.",
    )
    .unwrap();
    let opts = Options {
        jobs: 1,
        ..Options::default()
    };
    let (g1, s1, d1) = pipeline::build_with(&[a.clone(), b.clone()], &c.lex, opts);
    assert_eq!(s1.documents, 2);
    assert_eq!(d1.len(), 1, "{d1:?}");
    assert!(d1[0]
        .message
        .contains("document id 'same.txt' was already read from"));
    assert!(d1[0].message.contains("merged"), "{}", d1[0].message);
    let want = exports_of(&g1);
    let (g2, _, _) = pipeline::build_with(&[b.clone(), a.clone()], &c.lex, opts);
    assert_same(&exports_of(&g2), &want, "folders swapped");
    // Records of each folder, as two parts, in both orders.
    let mut parts = Vec::new();
    for dir in [&a, &b] {
        let mut text = String::new();
        pipeline::extract_each(std::slice::from_ref(dir), &c.lex, opts, |item| {
            if let Item::Document {
                extraction, words, ..
            } = item
            {
                text.push_str(&records::to_line(&extraction, words));
                text.push('\n');
            }
            Ok(())
        })
        .unwrap();
        let path = dir.with_extension("jsonl");
        fs::write(&path, text).unwrap();
        parts.push(path);
    }
    for order in [[0, 1], [1, 0]] {
        let p = [parts[order[0]].clone(), parts[order[1]].clone()];
        let (g, s, d) = pipeline::build_from_extracted(&p, &c.lex, opts);
        assert_eq!(s.documents, 2);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .starts_with(&format!("{}:1: document id 'same.txt'", p[1].display())),
            "{}",
            d[0].message
        );
        assert_same(&exports_of(&g), &want, "records");
    }
    // The same record twice counts once: the graph of one folder.
    let (one, _, _) = pipeline::build_with(std::slice::from_ref(&a), &c.lex, opts);
    let twice = [parts[0].clone(), parts[0].clone()];
    let (g, _, d) = pipeline::build_from_extracted(&twice, &c.lex, opts);
    assert!(d[0].message.contains("the same extraction, counted once"));
    assert_same(&exports_of(&g), &exports_of(&one), "repeated record");
}

#[test]
fn bad_record_lines_are_errors_naming_file_and_line() {
    let c = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let part = tmp.path().join("part.jsonl");
    let mut text = c.records.join("\n");
    text.push_str("\n\n{\"newsgraph_extract\":1,\"doc\":\"x\"\n");
    fs::write(&part, text).unwrap();
    let (graph, stats, diags) =
        pipeline::build_from_extracted(std::slice::from_ref(&part), &c.lex, Options::default());
    assert_eq!(stats.documents, 38);
    assert_eq!(stats.skipped, 1);
    assert_eq!(diags.len(), 1);
    assert!(diags[0].error);
    assert!(
        diags[0]
            .message
            .starts_with(&format!("{}:40: not an extraction record", part.display())),
        "{}",
        diags[0].message
    );
    assert_same(&exports_of(&graph), &c.reference, "with a bad line");
}

// ---- the real binary ----

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

fn run_extract(args: &[&str], inputs: &[PathBuf]) -> Vec<u8> {
    let out = newsgraph()
        .arg("extract")
        .args(args)
        .args(inputs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn cli_extract_then_build_from_extracted_equals_build() {
    let c = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let seeds = run_extract(&[], &[root().join("tests/corpus")]);
    let dev = run_extract(&["-j1"], &[root().join("tests/dev/corpus")]);
    let lines = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap().lines().count();
    assert_eq!((lines(&seeds), lines(&dev)), (5, 33));
    let mut all = seeds.clone();
    all.extend_from_slice(&dev);
    assert_eq!(
        String::from_utf8(all).unwrap(),
        c.records.join("\n") + "\n",
        "the CLI writes the library's records, in input order"
    );
    let seeds_part = tmp.path().join("seeds.jsonl");
    fs::write(&seeds_part, &seeds).unwrap();
    // dev records on stdin, given before the seeds.
    let out = tmp.path().join("from-records");
    newsgraph()
        .args(["build", "--from-extracted", "-"])
        .arg(&seeds_part)
        .arg("--out")
        .arg(&out)
        .write_stdin(dev)
        .assert()
        .success()
        .stderr(predicates::str::contains("38 documents read"));
    assert_same(&files_of(&out), &c.reference, "CLI, from records");
    for jobs in ["-j1", "-j2"] {
        let out = tmp.path().join(format!("build{jobs}"));
        newsgraph()
            .arg("build")
            .args(inputs())
            .arg(jobs)
            .arg("-q")
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        assert_same(&files_of(&out), &c.reference, jobs);
    }
}

#[test]
fn cli_extract_reads_json_lines_and_warns_about_bad_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = root().join("tests/corpus");
    let mut docs = String::new();
    let mut names: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for (i, p) in names.iter().enumerate() {
        let id = p.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(p).unwrap();
        docs.push_str(&serde_json::json!({"id": id, "text": text, "lang": "en"}).to_string());
        docs.push('\n');
        if i == 1 {
            docs.push_str("{\"id\": \"broken\", \"text\": \n\n");
        }
    }
    let file = tmp.path().join("docs.jsonl");
    fs::write(&file, &docs).unwrap();
    let want = run_extract(&[], &[corpus]);
    let out = newsgraph()
        .args(["extract", "--jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&want)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "newsgraph: warning: {}:3: not a JSON document",
            file.display()
        )),
        "{stderr}"
    );
    // The same on standard input, named as such.
    let out = newsgraph()
        .args(["extract", "--jsonl", "-j2", "-"])
        .write_stdin(docs)
        .output()
        .unwrap();
    assert_eq!(out.stdout, want);
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input:3: not a JSON document"));
}
