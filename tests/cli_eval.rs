//! `newsgraph eval` on the real binary: the bundled corpus built into a temporary folder and
//! scored against `tests/gold/seeds.json` (a score floor), the output forms, exit statuses,
//! and the in-memory scorer (`eval::score` on `export::load`) agreeing with the CSV reader.
//!
//! That the numbers equal the official scorer's is checked by `tests/eval_matches_scorer.sh`
//! (it needs `../shared`, which these tests must not read) and by the port of `score.py`'s
//! selftest in `src/eval.rs`.

use assert_cmd::Command;
use newsgraph::eval;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

/// `newsgraph build CORPUS --out TMP/graph`.
fn build(corpus: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("graph");
    newsgraph()
        .arg("build")
        .arg(repo(corpus))
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .success();
    (tmp, out)
}

fn eval_stdout(gold: &Path, dir: &Path, extra: &[&str]) -> String {
    let out = newsgraph()
        .arg("eval")
        .arg("--gold")
        .arg(gold)
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `entity F1 0.xxx   relation F1 0.yyy` → (entity, relation).
fn last_line_f1(table: &str) -> (f64, f64) {
    let last = table.lines().last().unwrap();
    let words: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(
        (words[0], words[1], words[3], words[4]),
        ("entity", "F1", "relation", "F1"),
        "{last:?}"
    );
    (words[2].parse().unwrap(), words[5].parse().unwrap())
}

#[test]
fn seeds_score_floor() {
    let (_tmp, dir) = build("tests/corpus");
    let gold = repo("tests/gold/seeds.json");
    let table = eval_stdout(&gold, &dir, &[]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 14, "{table}");
    assert!(lines[0].starts_with("gold: 42 entities, 21 relations required (5 docs) | exports: "));
    assert_eq!(
        lines[1],
        "                       P      R     F1    TP   FP   FN  ign"
    );
    let (entity_f1, relation_f1) = last_line_f1(&table);
    assert!(
        entity_f1 >= 0.95,
        "entity F1 {entity_f1} below the floor\n{table}"
    );
    assert!(
        relation_f1 >= 0.95,
        "relation F1 {relation_f1} below the floor\n{table}"
    );

    // --explain: the lists, a blank line, then the same table as the last 14 lines.
    let explained = eval_stdout(&gold, &dir, &["--explain"]);
    assert!(explained.starts_with("Entity false positives ("));
    assert!(explained.ends_with(&format!("\n\n{table}")));

    // --json: the same figures.
    let json: Value = serde_json::from_str(&eval_stdout(&gold, &dir, &["--json"])).unwrap();
    assert_eq!(json["entity_f1"].as_f64().unwrap(), {
        let f = json["entities"]["all"]["f1"].as_f64().unwrap();
        assert!((f - entity_f1).abs() < 0.0006);
        f
    });
    assert!((json["relation_f1"].as_f64().unwrap() - relation_f1).abs() < 0.0006);
    assert_eq!(json["counts"]["gold_entities"], 42);
    assert_eq!(json["counts"]["node_files"], 5);
    assert!(json.get("explain").is_none());
    let json: Value =
        serde_json::from_str(&eval_stdout(&gold, &dir, &["--json", "--explain"])).unwrap();
    assert!(json["explain"]["relation_fn"].is_array());
}

/// Build `corpus`, score it against `gold`, and hold both F1 figures to their floors.
fn assert_floor(corpus: &str, gold: &str, entity_floor: f64, relation_floor: f64) {
    let (_tmp, dir) = build(corpus);
    let table = eval_stdout(&repo(gold), &dir, &[]);
    let (entity_f1, relation_f1) = last_line_f1(&table);
    assert!(
        entity_f1 >= entity_floor,
        "{corpus}: entity F1 {entity_f1} below the floor {entity_floor}\n{table}"
    );
    assert!(
        relation_f1 >= relation_floor,
        "{corpus}: relation F1 {relation_f1} below the floor {relation_floor}\n{table}"
    );
}

/// The development set: 33 articles written for the project (tests/dev/README.md), scored
/// against their gold. The floors sit a little under the current figures (0.951 / 0.942);
/// raise them when extraction improves, never lower them to make a change pass.
#[test]
fn dev_set_score_floor() {
    assert_floor("tests/dev/corpus", "tests/dev/gold.json", 0.946, 0.937);
}

/// The check set: 12 articles written after the first rules (tests/check/README.md). Its
/// first score, before any rule looked at it, was 0.929 / 0.524; now 0.981 / 0.974.
#[test]
fn check_set_score_floor() {
    assert_floor("tests/check/corpus", "tests/check/gold.json", 0.975, 0.97);
}

/// The second check set: 16 articles written independently of the rules
/// (tests/check2/README.md). First, untuned score 0.899 / 0.642; now 0.948 / 0.988.
#[test]
fn check2_set_score_floor() {
    assert_floor(
        "tests/check2/corpus",
        "tests/check2/gold.json",
        0.945,
        0.985,
    );
}

/// The fourth check set: 15 articles in eleven house styles other than China's MOST
/// (tests/check4/README.md). Untuned 0.898 / 0.608, then a development set for those
/// styles: now 0.935 / 0.916.
#[test]
fn check4_set_score_floor() {
    assert_floor("tests/check4/corpus", "tests/check4/gold.json", 0.93, 0.91);
}

/// The third check set: 14 articles written independently (tests/check3/README.md), scored
/// untuned once (0.909 / 0.800) and never tuned on since: the nearest estimate of unseen
/// articles. Now 0.950 / 0.886.
#[test]
fn check3_set_score_floor() {
    assert_floor("tests/check3/corpus", "tests/check3/gold.json", 0.945, 0.88);
}

/// The fifth check set: 15 articles written blind (six in the seeds' sources, nine in new
/// house styles; tests/check5/README.md), held out: scored untuned at its arrival (0.858 /
/// 0.581) and never read for misses. Now 0.891 / 0.696. A guard against regressions only.
#[test]
fn check5_set_score_floor() {
    assert_floor("tests/check5/corpus", "tests/check5/gold.json", 0.885, 0.69);
}

/// The sixth check set: 20 articles (ten in the seeds' sources, ten in new house styles;
/// tests/check6/README.md), a development set: untuned 0.897 / 0.658 on arrival, now
/// 0.936 / 0.850.
#[test]
fn check6_set_score_floor() {
    assert_floor("tests/check6/corpus", "tests/check6/gold.json", 0.93, 0.845);
}

/// The eighth check set: 20 articles written blind (twelve in the seeds' sources, eight in
/// new house styles; tests/check8/README.md), a development set: untuned 0.951 / 0.799 on
/// arrival (0.944 / 0.799 with the rules before the check6 work), now 0.964 / 0.900.
#[test]
fn check8_set_score_floor() {
    assert_floor("tests/check8/corpus", "tests/check8/gold.json", 0.96, 0.89);
}

/// The ninth check set: 20 articles written blind (twelve in the seeds' sources, eight in
/// new house styles; tests/check9/README.md), a development set not yet tuned on: untuned
/// 0.899 / 0.605 on arrival (the same with the rules of the session's start).
#[test]
fn check9_set_score_floor() {
    assert_floor("tests/check9/corpus", "tests/check9/gold.json", 0.895, 0.60);
}

/// The in-memory scorer sees what the CSV reader sees in the folder `build` wrote.
#[test]
fn graph_and_folder_score_alike() {
    for (corpus, gold) in [
        ("tests/corpus", "tests/gold/seeds.json"),
        ("tests/dev/corpus", "tests/dev/gold.json"),
    ] {
        if !repo(gold).exists() {
            continue;
        }
        let (_tmp, dir) = build(corpus);
        let gold = eval::load_gold(&repo(gold)).unwrap();
        let from_files = eval::read_exports(&dir).unwrap();
        let graph = newsgraph::export::load(&dir).unwrap();
        assert_eq!(eval::exports_of(&graph).unwrap(), from_files, "{corpus}");
        assert_eq!(
            eval::score(&gold, &graph).unwrap(),
            eval::score_exports(&gold, &from_files),
            "{corpus}"
        );
    }
}

#[test]
fn unreadable_inputs_exit_2() {
    let tmp = TempDir::new().unwrap();
    let gold = repo("tests/gold/seeds.json");
    newsgraph()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg(tmp.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "does not exist or is not a directory",
        ));
    newsgraph()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no node CSV file"));

    std::fs::write(
        tmp.path().join("nodes.csv"),
        ":ID,name,:LABEL\np1,Ann Lee,Person\n",
    )
    .unwrap();
    let bad = tmp.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"entities": [{"id": "x", "label": "Place", "name": "X"}]}"#,
    )
    .unwrap();
    newsgraph()
        .arg("eval")
        .arg("--gold")
        .arg(&bad)
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "entity #0 (x): 'label' must be one of",
        ));
}

/// A hand-written folder in another tool's layout scores (badly) with status 0.
#[test]
fn any_neo4j_csv_layout_scores() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(
        tmp.path().join("people.csv"),
        "personId:ID(Person),name\nx,Cai Jianing\ny,Nobody Known\n",
    )
    .unwrap();
    let table = eval_stdout(&repo("tests/gold/seeds.json"), tmp.path(), &[]);
    let person = table.lines().find(|l| l.starts_with("Person ")).unwrap();
    let counts: Vec<&str> = person.split_whitespace().collect();
    assert_eq!(&counts[4..], ["1", "1", "11", "0"], "{person}");
}

/// Check set 7 (15 articles written blind: eight in the seeds' sources, seven in new house
/// styles; tests/check7/README.md), held out: scored untuned at its arrival (0.916 / 0.694
/// at `d0d6805`), never tuned on. The floor only guards against a regression.
#[test]
fn check7_set_score_floor() {
    assert_floor("tests/check7/corpus", "tests/check7/gold.json", 0.93, 0.75);
}
