//! CLI tests of what a person sees around the pipeline: the build summary, `--quiet` /
//! `--verbose`, no terminal codes off a terminal, `lexicon dump|list` with `--lexicon`,
//! `schema`, `completions`, `man` and `--version`.

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

fn corpus() -> PathBuf {
    root().join("tests/corpus")
}

/// Every file of an export folder, sorted by name.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
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

/// Data rows of a CSV export (lines after the header; no field spans lines).
fn rows(path: &Path) -> usize {
    fs::read_to_string(path).unwrap().lines().count() - 1
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn build(args: &[&str], out: &Path) -> std::process::Output {
    newsgraph()
        .arg("build")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn build_summary_counts_documents_words_labels_and_types() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    let run = build(&[corpus().to_str().unwrap()], &out);
    assert!(run.status.success());
    let err = stderr_of(&run);
    // The expected figures come from the corpus and the exports themselves.
    let texts: Vec<String> = fs::read_dir(corpus())
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let labels = ["Person", "Organization", "Country", "Agreement", "Event"];
    let types = [
        "MET_WITH",
        "SIGNED",
        "ATTENDED",
        "AFFILIATED_WITH",
        "BASED_IN",
    ];
    let per_label: Vec<usize> = labels
        .iter()
        .map(|l| rows(&out.join(format!("nodes_{}.csv", l.to_lowercase()))))
        .collect();
    let per_type: Vec<usize> = types
        .iter()
        .map(|t| rows(&out.join(format!("rels_{}.csv", t.to_lowercase()))))
        .collect();
    let headline = format!(
        "newsgraph: {} documents read, 0 skipped, {words} words; {} nodes, {} relationships written to {} (",
        texts.len(),
        per_label.iter().sum::<usize>(),
        per_type.iter().sum::<usize>(),
        out.display()
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with(&headline), "{err}\nwanted: {headline}");
    assert!(lines[0].ends_with(" s)"), "{err}");
    let nodes = labels
        .iter()
        .zip(&per_label)
        .map(|(l, n)| format!("{n} {l}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rels = types
        .iter()
        .zip(&per_type)
        .map(|(t, n)| format!("{n} {t}"))
        .collect::<Vec<_>>()
        .join(", ");
    assert_eq!(lines[1], format!("  nodes:         {nodes}"));
    assert_eq!(lines[2], format!("  relationships: {rels}"));
    assert!(per_label.iter().all(|&n| n > 0) && per_type.iter().all(|&n| n > 0));
}

#[test]
fn quiet_drops_the_summary_and_quiet_quiet_the_warnings_but_never_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("blank.txt");
    fs::write(&blank, "  \n").unwrap();
    let c = corpus();
    let inputs = [c.to_str().unwrap(), blank.to_str().unwrap()];

    let normal = build(&inputs, &tmp.path().join("a"));
    assert!(normal.status.success());
    let err = stderr_of(&normal);
    assert!(err.contains("warning: ") && err.contains("blank.txt: empty article"));
    assert!(err.contains("documents read, 1 skipped"), "{err}");

    let quiet = build(&[inputs[0], inputs[1], "-q"], &tmp.path().join("b"));
    assert!(quiet.status.success());
    assert_eq!(
        stderr_of(&quiet),
        format!(
            "newsgraph: warning: {}: empty article; skipped\n",
            blank.display()
        )
    );

    let quieter = build(&[inputs[0], inputs[1], "-qq"], &tmp.path().join("c"));
    assert!(quieter.status.success());
    assert_eq!(stderr_of(&quieter), "");

    // An error is printed whatever -q says, and still exits 2.
    let missing = tmp.path().join("missing.txt");
    let failed = build(
        &[inputs[0], missing.to_str().unwrap(), "--quiet", "--quiet"],
        &tmp.path().join("d"),
    );
    assert_eq!(failed.status.code(), Some(2));
    let err = stderr_of(&failed);
    assert!(err.starts_with("newsgraph: error: ") && err.contains("missing.txt"));
    assert_eq!(err.lines().count(), 1, "{err}");
    // The exports are the same whatever is printed.
    assert_eq!(
        files_of(&tmp.path().join("a")),
        files_of(&tmp.path().join("c"))
    );
}

#[test]
fn no_terminal_codes_when_stderr_is_not_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("blank.txt");
    fs::write(&blank, "").unwrap();
    let c = corpus();
    for flags in [&[][..], &["-v"][..], &["-j2"][..]] {
        let mut args = vec![c.to_str().unwrap(), blank.to_str().unwrap()];
        args.extend(flags);
        let run = newsgraph()
            .arg("build")
            .args(&args)
            .arg("--out")
            .arg(tmp.path().join("g"))
            // Colour would be allowed; it is the missing terminal that rules it out.
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let err = stderr_of(&run);
        assert!(err.contains("documents read"), "{err}");
        assert!(
            !err.contains('\x1b') && !err.contains('\r'),
            "escape codes in {flags:?}: {err:?}"
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn verbose_notes_every_document_and_the_phases() {
    let tmp = tempfile::tempdir().unwrap();
    let run = build(&[corpus().to_str().unwrap(), "-v"], &tmp.path().join("g"));
    assert!(run.status.success());
    let err = stderr_of(&run);
    for entry in fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let note = err
            .lines()
            .find(|l| l.starts_with("newsgraph: note: ") && l.contains(&name))
            .unwrap_or_else(|| panic!("no note for {name}: {err}"));
        assert!(
            note.contains(" words, ") && note.ends_with(" relations"),
            "{note}"
        );
    }
    assert!(err.contains("newsgraph: note: read and extracted in "));
    assert!(err.contains(", resolved in ") && err.contains(", exported in "));
    assert!(err.contains("documents read"));
}

#[test]
fn quiet_and_verbose_conflict() {
    newsgraph()
        .args(["build", "x", "--out", "y", "-q", "-v"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn extract_verbosity_never_changes_the_records() {
    let plain = newsgraph().arg("extract").arg(corpus()).output().unwrap();
    assert!(plain.status.success());
    assert_eq!(stderr_of(&plain), "");
    let verbose = newsgraph()
        .arg("extract")
        .arg(corpus())
        .arg("-v")
        .output()
        .unwrap();
    assert!(verbose.status.success());
    assert_eq!(plain.stdout, verbose.stdout);
    let err = stderr_of(&verbose);
    assert_eq!(err.matches("newsgraph: note: ").count(), 6, "{err}");
    assert!(err.contains("5 documents extracted, 0 skipped"), "{err}");
    assert!(!err.contains('\x1b'));
}

/// A pseudo-terminal (util-linux `script`) shows the progress bar on stderr; with NO_COLOR
/// it has no colour. Skipped where `script` is missing.
#[test]
fn progress_bar_on_a_terminal() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("no `script` here: progress bar test skipped");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("newsgraph");
    let run = |no_color: bool| {
        let cmd = format!(
            "{} build {} --out {} -j1",
            bin.display(),
            corpus().display(),
            tmp.path().join("g").display()
        );
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"]);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let colour = run(false);
    assert!(colour.contains("/5 documents"), "{colour:?}");
    assert!(colour.contains("documents read"), "{colour:?}");
    assert!(colour.contains("\x1b[1m"), "{colour:?}");
    let plain = run(true);
    assert!(plain.contains("/5 documents"), "{plain:?}");
    // Cursor movement is allowed; colour (SGR sequences) is not.
    assert!(
        !plain.contains("\x1b[1m") && !plain.contains("\x1b[3"),
        "{plain:?}"
    );
}

#[test]
fn lexicon_dump_writes_the_builtin_files_and_builds_the_same_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let lex = tmp.path().join("my-lexicon");
    newsgraph()
        .args(["lexicon", "dump"])
        .arg(&lex)
        .assert()
        .success()
        .stderr(predicate::str::contains("13 dictionary files written"));
    let builtin = files_of(&root().join("schema/lexicon"));
    let builtin: Vec<_> = builtin
        .into_iter()
        .filter(|(n, _)| n.ends_with(".tsv"))
        .collect();
    assert_eq!(files_of(&lex), builtin);

    let plain = tmp.path().join("plain");
    let with = tmp.path().join("with");
    assert!(build(&[corpus().to_str().unwrap(), "-q"], &plain)
        .status
        .success());
    let run = build(
        &[
            corpus().to_str().unwrap(),
            "-q",
            "--lexicon",
            lex.to_str().unwrap(),
        ],
        &with,
    );
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_eq!(files_of(&plain), files_of(&with));

    // A second dump refuses to overwrite, and changes nothing.
    fs::write(lex.join("titles.tsv"), "title\texpansion\tkind\n").unwrap();
    newsgraph()
        .args(["lexicon", "dump"])
        .arg(&lex)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "refusing to overwrite (use --force)",
        ));
    assert_eq!(
        fs::read_to_string(lex.join("titles.tsv")).unwrap(),
        "title\texpansion\tkind\n"
    );
    newsgraph()
        .args(["lexicon", "dump", "--force"])
        .arg(&lex)
        .assert()
        .success();
    assert_eq!(files_of(&lex), builtin);
}

/// The README's worked example: a title the built-in dictionary lacks.
#[test]
fn an_edited_dictionary_changes_what_is_extracted() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("visit.txt");
    fs::write(
        &article,
        "Science Attaché Anna Kowalski of the Embassy of Poland met with Vice Minister Li Meng in Beijing on May 3, 2021.\n",
    )
    .unwrap();
    let lex = tmp.path().join("my-lexicon");
    newsgraph()
        .args(["lexicon", "dump"])
        .arg(&lex)
        .assert()
        .success();
    let titles = lex.join("titles.tsv");
    let mut text = fs::read_to_string(&titles).unwrap();
    text.push_str("Science Attaché\t\tposition\n");
    fs::write(&titles, text).unwrap();

    let graph = |with: bool| {
        let out = tmp.path().join(if with { "after" } else { "before" });
        let mut args = vec![article.to_str().unwrap(), "-q"];
        if with {
            args.extend(["--lexicon", lex.to_str().unwrap()]);
        }
        assert!(build(&args, &out).status.success());
        let people = fs::read_to_string(out.join("nodes_person.csv")).unwrap();
        let met = fs::read_to_string(out.join("rels_met_with.csv")).unwrap();
        (people, met)
    };
    let (people, met) = graph(false);
    assert!(!people.contains("Kowalski"), "{people}");
    assert!(met.contains("organization:embassy-of-poland"), "{met}");
    let (people, met) = graph(true);
    assert!(people.contains("person:anna-kowalski"), "{people}");
    assert!(met.contains("person:anna-kowalski"), "{met}");
}

#[test]
fn a_bad_dictionary_row_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let lex = tmp.path().join("lex");
    fs::create_dir(&lex).unwrap();
    fs::write(
        lex.join("titles.tsv"),
        "title\texpansion\tkind\nA\tB\tC\tD\n",
    )
    .unwrap();
    newsgraph()
        .arg("build")
        .arg(corpus())
        .args(["--out"])
        .arg(tmp.path().join("g"))
        .arg("--lexicon")
        .arg(&lex)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:2: 4 fields, expected at most 3 (tab-separated)",
            lex.join("titles.tsv").display()
        )));
    fs::write(
        lex.join("titles.tsv"),
        "title\texpansion\tkind\n-Grand Vizier\n",
    )
    .unwrap();
    newsgraph()
        .arg("extract")
        .arg(corpus())
        .arg("--lexicon")
        .arg(&lex)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            ":2: `-Grand Vizier` removes nothing",
        ));
}

#[test]
fn lexicon_list_counts_the_entries_of_each_file() {
    let out = newsgraph().args(["lexicon", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let tsv: Vec<_> = files_of(&root().join("schema/lexicon"))
        .into_iter()
        .filter(|(n, _)| n.ends_with(".tsv"))
        .collect();
    assert_eq!(text.lines().count(), tsv.len());
    for (name, bytes) in tsv {
        // Entries: lines that are neither comments, blank, nor the header.
        let entries = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count()
            - 1;
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(&name))
            .unwrap_or_else(|| panic!("{name} not listed: {text}"));
        assert_eq!(line.split_whitespace().nth(1), Some(&*entries.to_string()));
    }
}

#[test]
fn schema_prints_graph_md() {
    let out = newsgraph().arg("schema").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        fs::read(root().join("schema/graph.md")).unwrap()
    );
}

#[test]
fn schema_json_describes_the_files_a_build_writes() {
    let out = newsgraph().args(["schema", "--json"]).output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["format"], "newsgraph-schema");
    let tmp = tempfile::tempdir().unwrap();
    let graph = tmp.path().join("g");
    newsgraph()
        .args(["build", "-q", "--out"])
        .arg(&graph)
        .arg(corpus())
        .assert()
        .success();
    let header = |file: &str| {
        let text = fs::read_to_string(graph.join(file)).unwrap();
        text.lines().next().unwrap().to_owned()
    };
    let joined = |key: &str| {
        let fields: Vec<&str> = (schema[key].as_array().unwrap().iter())
            .map(|f| f.as_str().unwrap())
            .collect();
        fields.join(",")
    };
    let labels = schema["node_labels"].as_array().unwrap();
    let types = schema["relationship_types"].as_array().unwrap();
    assert_eq!((labels.len(), types.len()), (5, 5));
    for l in labels {
        assert_eq!(
            header(l["csv_file"].as_str().unwrap()),
            joined("node_csv_header")
        );
    }
    for t in types {
        assert_eq!(
            header(t["csv_file"].as_str().unwrap()),
            joined("relationship_csv_header")
        );
    }
    let met = types.iter().find(|t| t["type"] == "MET_WITH").unwrap();
    assert_eq!(met["symmetric"], true);
    for (_, file) in schema["files"].as_object().unwrap() {
        assert!(graph.join(file.as_str().unwrap()).is_file(), "{file}");
    }
    let props = schema["node_properties"].as_array().unwrap();
    assert!(props
        .iter()
        .any(|p| p["name"] == "aliases" && p["type"] == "string[]"));
    assert!(props
        .iter()
        .any(|p| p["name"] == "id" && p["csv_header"] == "id:ID(Entity)"));
}

#[test]
fn completions_for_every_shell() {
    let out = newsgraph().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let bash = String::from_utf8(out.stdout).unwrap();
    for sub in [
        "build",
        "extract",
        "path",
        "show",
        "neighbors",
        "find",
        "stats",
        "eval",
        "lexicon",
        "schema",
        "completions",
        "man",
    ] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    assert!(bash.contains("--lexicon") && bash.contains("--from-extracted"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = newsgraph().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(String::from_utf8(out.stdout).unwrap().contains("neighbors"));
    }
    newsgraph()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn man_page_on_stdout_or_one_per_command() {
    let out = newsgraph().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.lines().any(|l| l.starts_with(".TH newsgraph 1")),
        "{page}"
    );
    assert!(page.contains("build") && page.contains("lexicon"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man1");
    newsgraph()
        .arg("man")
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    for name in [
        "newsgraph.1",
        "newsgraph-build.1",
        "newsgraph-lexicon-dump.1",
    ] {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        assert!(text.contains(".TH "), "{name}");
    }
    assert_eq!(fs::read_to_string(dir.join("newsgraph.1")).unwrap(), page);
}

#[test]
fn version() {
    newsgraph()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("newsgraph {}\n", env!("CARGO_PKG_VERSION")));
}
