//! CLI tests of `newsgraph build` on the real binary: golden exports of the bundled corpus,
//! bad inputs, standard input, determinism.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// `exports/` holds the exports of `tests/corpus`; it must be what the current code writes.
/// Re-bless with `NEWSGRAPH_BLESS=1 cargo test --release --test cli_build` (or run
/// `cargo run --release -- build tests/corpus --out exports`) and review the diff.
#[test]
fn committed_exports_are_current() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    newsgraph()
        .arg("build")
        .arg(root().join("tests/corpus"))
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let committed = root().join("exports");
    if std::env::var_os("NEWSGRAPH_BLESS").is_some() {
        if committed.exists() {
            fs::remove_dir_all(&committed).unwrap();
        }
        fs::create_dir_all(&committed).unwrap();
        for (name, bytes) in files_of(&out) {
            fs::write(committed.join(name), bytes).unwrap();
        }
        return;
    }
    let want = files_of(&committed);
    let got = files_of(&out);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&got),
        names(&want),
        "exports/ lists other files: re-bless it"
    );
    for ((name, g), (_, w)) in got.iter().zip(&want) {
        if g != w {
            panic!(
                "exports/{name} is stale:\n--- committed\n{}\n--- now\n{}\nre-bless with NEWSGRAPH_BLESS=1",
                String::from_utf8_lossy(w).lines().take(8).collect::<Vec<_>>().join("\n"),
                String::from_utf8_lossy(g).lines().take(8).collect::<Vec<_>>().join("\n")
            );
        }
    }
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let inp = tmp.path().join("in");
    fs::create_dir_all(inp.join("empty_dir")).unwrap();
    fs::write(
        inp.join("good.txt"),
        "On May 2, 2020, Minister Ana Ruiz met with Dr. Tran Van Hoa in Hanoi.",
    )
    .unwrap();
    fs::write(inp.join("binary.txt"), b"%PDF-1.7\n\x00\x01\x02").unwrap();
    fs::write(
        inp.join("latin1.txt"),
        b"Minister Jos\xe9 Pereira met with Dr. Ana Ruiz in Lima.",
    )
    .unwrap();
    fs::write(inp.join("blank.txt"), "   \n\n").unwrap();
    let out = tmp.path().join("g");
    newsgraph()
        .arg("build")
        .arg(&inp)
        .arg(tmp.path().join("missing.txt"))
        .arg(inp.join("empty_dir"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "binary.txt: looks like a PDF file",
        ))
        .stderr(predicate::str::contains(
            "latin1.txt: invalid UTF-8 at byte 12",
        ))
        .stderr(predicate::str::contains("missing.txt"))
        .stderr(predicate::str::contains(
            "empty_dir: folder holds no articles (.txt, .text, .jsonl, .ndjson, .html, .htm)",
        ))
        .stderr(predicate::str::contains("blank.txt: empty article"));
    let persons = fs::read_to_string(out.join("nodes_person.csv")).unwrap();
    assert!(persons.contains("Ana Ruiz"), "{persons}");
    assert!(persons.contains("Tran Van Hoa"), "{persons}");
}

#[test]
fn reads_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    newsgraph()
        .args(["build", "-", "--out"])
        .arg(&out)
        .write_stdin("Vice Minister Li Wei held talks with Ambassador Maria Costa in Brasilia.")
        .assert()
        .success();
    let rels = fs::read_to_string(out.join("rels_met_with.csv")).unwrap();
    assert!(
        rels.contains("person:li-wei") && rels.contains("person:maria-costa"),
        "{rels}"
    );
    assert!(fs::read_to_string(out.join("nodes_person.csv"))
        .unwrap()
        .contains(",-"));
}

#[test]
fn same_input_gives_identical_exports_in_any_order() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = root().join("tests/corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    newsgraph()
        .arg("build")
        .arg(&corpus)
        .arg("--out")
        .arg(&a)
        .arg("-q")
        .assert()
        .success();
    files.reverse();
    newsgraph()
        .arg("build")
        .args(&files)
        .arg("--out")
        .arg(&b)
        .arg("-q")
        .assert()
        .success();
    assert_eq!(files_of(&a), files_of(&b));
}

#[test]
fn path_crosses_articles_with_evidence() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    newsgraph()
        .arg("build")
        .arg(root().join("tests/corpus"))
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    // Nicole Wong (article 000) to Li Meng (article 004), through the Ministry of Science and Technology.
    newsgraph()
        .args(["path", "Nicole Wong", "Li Meng", "--graph"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Ministry of Science and Technology",
        ))
        .stdout(predicate::str::contains("000_0dcc1ac18c84a83e.txt"))
        .stdout(predicate::str::contains("004_8d461981aaf0ec13.txt"));
}

#[test]
fn refuses_to_overwrite_a_folder_that_is_not_an_export() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("thesis.docx"), "precious").unwrap();
    newsgraph()
        .arg("build")
        .arg(root().join("tests/corpus"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine"));
    assert_eq!(
        fs::read_to_string(out.join("thesis.docx")).unwrap(),
        "precious"
    );
}

#[test]
fn format_selects_the_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    newsgraph()
        .arg("build")
        .arg(root().join("tests/corpus"))
        .args(["--format", "graphml,gexf", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let names: Vec<String> = files_of(&out).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["graph.gexf", "graph.graphml", "manifest.json"]);
    newsgraph()
        .arg("build")
        .arg(root().join("tests/corpus"))
        .args(["--format", "parquet", "--out"])
        .arg(tmp.path().join("x"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown export format"));
}

#[test]
fn own_lexicon_adds_a_title() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "The delegation was welcomed by Chief Whisperer Arnav Quillfeather in Lima.";
    let plain = tmp.path().join("plain");
    newsgraph()
        .args(["build", "-", "-q", "--out"])
        .arg(&plain)
        .write_stdin(text)
        .assert()
        .success();
    let lex = tmp.path().join("lex");
    fs::create_dir_all(&lex).unwrap();
    fs::write(
        lex.join("titles.tsv"),
        "title\texpansion\tkind\nChief Whisperer\t\tposition\n",
    )
    .unwrap();
    let own = tmp.path().join("own");
    newsgraph()
        .args(["build", "-", "-q", "--out"])
        .arg(&own)
        .arg("--lexicon")
        .arg(&lex)
        .write_stdin(text)
        .assert()
        .success();
    let persons = |d: &Path| fs::read_to_string(d.join("nodes_person.csv")).unwrap();
    assert!(
        !persons(&plain).contains(",Arnav Quillfeather,"),
        "{}",
        persons(&plain)
    );
    assert!(
        persons(&own).contains(",Arnav Quillfeather,"),
        "{}",
        persons(&own)
    );
    // A malformed row names the file and the line.
    fs::write(
        lex.join("titles.tsv"),
        "title\texpansion\tkind\nA\tB\tC\tD\n",
    )
    .unwrap();
    newsgraph()
        .args(["build", "-", "--out"])
        .arg(tmp.path().join("bad"))
        .arg("--lexicon")
        .arg(&lex)
        .write_stdin(text)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "titles.tsv:2: 4 fields, expected at most 3",
        ));
}
