//! Input formats through the real binary: JSON Lines with metadata, HTML articles,
//! `--input-format`, folders of mixed formats. Fixtures are in `tests/input/`:
//! `meeting.txt` and `meeting.html` are the same article (the HTML wrapped in a realistic
//! news page: scripts, cookie banner, navigation, share bar, related links, footer), and
//! `articles.jsonl` holds two documents with metadata, bad lines and a repeated id.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/input")
        .join(name)
}

const HERALD_URL: &str = "https://fjordherald.example/world/norway-ghana-research";

/// Build `inputs` (with `extra` arguments) into `out`; returns (exit code, stderr).
fn build(inputs: &[&Path], extra: &[&str], out: &Path) -> (i32, String) {
    let output = newsgraph()
        .arg("build")
        .args(inputs)
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap()
}

/// The CSV rows of every node and relationship file, keeping only the given columns.
fn rows(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    for f in files {
        let mut r = csv::Reader::from_path(&f).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        for rec in r.records() {
            let rec = rec.unwrap();
            let kept: Vec<&str> = header
                .iter()
                .zip(rec.iter())
                .filter(|(h, _)| keep(h))
                .map(|(_, v)| v)
                .collect();
            out.push(format!(
                "{}: {}",
                f.file_name().unwrap().to_string_lossy(),
                kept.join(" | ")
            ));
        }
    }
    out
}

#[test]
fn jsonl_metadata_reaches_evidence_edges_and_queries() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    let (code, stderr) = build(&[&fixture("articles.jsonl")], &[], &out);
    // Bad lines are warnings naming file and line; warnings do not change the exit code.
    assert_eq!(code, 0, "{stderr}");
    let file = fixture("articles.jsonl");
    for (line, why) in [
        (2, "EOF while parsing"),
        (3, "missing field `text`"),
        (5, "invalid type: integer `42`, expected a string"),
    ] {
        let at = format!(
            "newsgraph: warning: {}:{line}: not a JSON document",
            file.display()
        );
        let hit = stderr.lines().find(|l| l.starts_with(&at));
        assert!(
            hit.is_some_and(|l| l.contains(why) && l.ends_with("; skipped")),
            "line {line}: {stderr}"
        );
    }
    assert!(
        !stderr.contains(":4:"),
        "a blank line is no document: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}:7: document id 'herald-0314' was already read from {}:1; their facts are merged under it",
            file.display(),
            file.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("3 documents read, 3 skipped"), "{stderr}");

    // The url is an edge property (CSV, GraphML, GEXF) next to docs.
    let met = read(&out, "rels_met_with.csv");
    assert!(met.starts_with(":START_ID(Entity),:END_ID(Entity),:TYPE,docs:string[],evidence,evidence_count:int,title,date,urls:string[]\n"));
    let row = met
        .lines()
        .find(|l| l.starts_with("person:astrid-holmvik,person:yaw-agyekum,MET_WITH,herald-0314,"))
        .unwrap_or_else(|| panic!("{met}"));
    assert!(row.ends_with(&format!(",2024-03-14,{HERALD_URL}")), "{row}");
    assert!(
        met.contains(",https://wire.example/2023/09/05/kenya-denmark\n"),
        "{met}"
    );
    assert!(
        read(&out, "graph.graphml").contains(&format!("<data key=\"urls\">{HERALD_URL}</data>"))
    );
    assert!(read(&out, "graph.gexf")
        .contains(&format!("<attvalue for=\"urls\" value=\"{HERALD_URL}\"/>")));

    // Each evidence row carries its document's url, title and source.
    let evidence = read(&out, "evidence.jsonl");
    let line = evidence
        .lines()
        .find(|l| l.contains("\"target\":\"person:yaw-agyekum\"") && l.contains("MetWith"))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let ev = &v["relation"]["evidence"][0];
    assert_eq!(ev["url"], HERALD_URL);
    assert_eq!(
        ev["title"],
        "Norway and Ghana agree to deepen research cooperation"
    );
    assert_eq!(ev["source"], "The Fjord Herald");
    // The repeated id's document keeps its own url on its own evidence.
    assert!(
        evidence.contains("\"doc\":\"herald-0314\"")
            && evidence.contains("https://other.example/dup")
    );

    // The document date stands in for a dateline: `on Tuesday` gets the talks the date the
    // JSON line gave (2023-09-05); the ISO time of day is dropped.
    let events = read(&out, "nodes_event.csv");
    assert!(
        events.contains("event:wire-0905:talks,Entity;Event,Talks between Wanjiru Kamau and Henrik Lindqvist,false,,wire-0905,,2023-09-05,"),
        "{events}"
    );

    // `show` prints where the evidence was published.
    let shown = newsgraph()
        .args(["show", "Wanjiru Kamau", "--graph"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("[Kenyan and Danish science ministers hold talks | Science Wire | https://wire.example/2023/09/05/kenya-denmark]"),
        "{text}"
    );
    let json = newsgraph()
        .args(["show", "Wanjiru Kamau", "--json", "--graph"])
        .arg(&out)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["relations"][0]["evidence"][0]["url"],
        "https://wire.example/2023/09/05/kenya-denmark"
    );

    // Extraction records carry the metadata: extract → build --from-extracted gives the
    // same exports, byte for byte.
    let records = newsgraph()
        .args(["extract"])
        .arg(fixture("articles.jsonl"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&records.stdout).contains(&format!("\"url\":\"{HERALD_URL}\"")));
    let part = tmp.path().join("part.jsonl");
    fs::write(&part, &records.stdout).unwrap();
    let merged = tmp.path().join("m");
    let (code, stderr) = build(&[&part], &["--from-extracted"], &merged);
    assert_eq!(code, 0, "{stderr}");
    for f in [
        "rels_met_with.csv",
        "nodes_event.csv",
        "evidence.jsonl",
        "graph.graphml",
    ] {
        assert_eq!(read(&out, f), read(&merged, f), "{f}");
    }
}

#[test]
fn an_html_page_gives_the_graph_of_its_article_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let (from_text, from_html) = (tmp.path().join("t"), tmp.path().join("h"));
    let (code, stderr) = build(&[&fixture("meeting.txt")], &[], &from_text);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = build(&[&fixture("meeting.html")], &[], &from_html);
    assert_eq!(code, 0, "{stderr}");
    // Same entities and relations, with every property but the document names and urls.
    let keep = |h: &str| !matches!(h, "sources:string[]" | "docs:string[]" | "urls:string[]");
    let text_rows = rows(&from_text, keep);
    assert_eq!(rows(&from_html, keep), text_rows);
    for want in [
        "nodes_person.csv: person:astrid-holmvik",
        "nodes_person.csv: person:yaw-agyekum",
        "rels_met_with.csv: person:astrid-holmvik | person:yaw-agyekum | MET_WITH",
        "rels_signed.csv: person:yaw-agyekum | agreement:memorandum-of-understanding-on-research-and-innovation-cooperation-between-norway-and-ghana | SIGNED",
        "rels_attended.csv: person:yaw-agyekum | event:nordic-african-science-forum | ATTENDED",
    ] {
        assert!(text_rows.iter().any(|r| r.starts_with(want)), "{want}: {text_rows:#?}");
    }
    // Nothing from scripts, the cookie banner, navigation, related links or footers.
    for f in fs::read_dir(&from_html).unwrap() {
        let text = fs::read_to_string(f.unwrap().path()).unwrap_or_default();
        for junk in [
            "Tveitan",
            "Ravnsborg",
            "cookie",
            "Share on",
            "Advertisement",
            "Tags:",
        ] {
            assert!(!text.contains(junk), "{junk}");
        }
    }
    // The canonical link is the url; the evidence offsets index the extracted text.
    assert!(read(&from_html, "rels_met_with.csv").contains(&format!(",{HERALD_URL}\n")));
    let records = newsgraph()
        .arg("extract")
        .arg(fixture("meeting.html"))
        .output()
        .unwrap();
    let x: serde_json::Value = serde_json::from_slice(&records.stdout).unwrap();
    assert_eq!(
        x["title"],
        "Norway and Ghana agree to deepen research cooperation"
    );
    assert_eq!(x["source"], "The Fjord Herald");
    assert_eq!(x["date"], "2024-03-14");
    // The extracted text is the text fixture with the page's en dash after the dateline.
    let extracted = fs::read_to_string(fixture("meeting.txt"))
        .unwrap()
        .replace("2024 - ", "2024 \u{2013} ");
    let relations = x["relations"].as_array().unwrap();
    assert!(!relations.is_empty());
    for r in relations {
        let ev = &r["evidence"];
        let at = |k: &str| ev[k].as_u64().unwrap() as usize;
        let original = &extracted[at("start")..at("end")];
        assert_eq!(
            original.replace('\u{2013}', "-"),
            ev["sentence"].as_str().unwrap()
        );
    }
}

#[test]
fn input_format_overrides_the_extension_and_folders_mix_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::copy(fixture("meeting.html"), dir.join("page.htm")).unwrap();
    fs::copy(fixture("articles.jsonl"), dir.join("sub/feed.ndjson")).unwrap();
    fs::write(
        dir.join("note.txt"),
        "Minister Ingrid Aasen met with Ambassador Tomas Berglund in Stockholm on May 2, 2022.\n",
    )
    .unwrap();
    fs::write(dir.join("README.md"), "Minister Kari Nordvik met nobody.\n").unwrap();

    // Auto: every known extension, each read in its own format.
    let out = tmp.path().join("auto");
    let (code, stderr) = build(&[&dir], &[], &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("5 documents read, 3 skipped"), "{stderr}");
    let persons = read(&out, "nodes_person.csv");
    for name in ["Astrid Holmvik", "Ingrid Aasen", "Wanjiru Kamau"] {
        assert!(persons.contains(name), "{name}: {persons}");
    }
    assert!(!persons.contains("Kari Nordvik,true,,README"), "{persons}");
    assert!(!read(&out, "evidence.jsonl").contains("<a href"));

    // One format: a folder is searched only for its extensions.
    let out = tmp.path().join("html");
    let (code, stderr) = build(&[&dir], &["--input-format", "html"], &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 document read, 0 skipped"), "{stderr}");

    // A file is read in the chosen format whatever its extension.
    let disguised = tmp.path().join("page.txt");
    fs::copy(fixture("meeting.html"), &disguised).unwrap();
    let as_text = tmp.path().join("as-text");
    build(&[&disguised], &[], &as_text);
    // (read as text: markup and all, and no metadata)
    assert!(!read(&as_text, "evidence.jsonl").contains(HERALD_URL));
    assert!(read(&as_text, "evidence.jsonl").contains("<a href"));
    let as_html = tmp.path().join("as-html");
    let (code, stderr) = build(&[&disguised], &["--input-format", "html"], &as_html);
    assert_eq!(code, 0, "{stderr}");
    assert!(!read(&as_html, "evidence.jsonl").contains("<a href"));
    assert!(read(&as_html, "rels_met_with.csv").contains(HERALD_URL));

    // Standard input is text unless told otherwise.
    let page = fs::read(fixture("meeting.html")).unwrap();
    let stdin_out = tmp.path().join("stdin");
    let status = newsgraph()
        .args(["build", "-", "--input-format", "html", "-q", "--out"])
        .arg(&stdin_out)
        .write_stdin(page)
        .output()
        .unwrap();
    assert!(status.status.success());
    assert!(read(&stdin_out, "rels_met_with.csv").contains(",-,\"OSLO"));
    assert!(read(&stdin_out, "rels_met_with.csv").contains(HERALD_URL));

    // The old --jsonl still means --input-format jsonl, and --from-extracted takes no format.
    let a = newsgraph()
        .args(["extract", "--jsonl"])
        .arg(dir.join("sub/feed.ndjson"))
        .output()
        .unwrap();
    let b = newsgraph()
        .args(["extract", "--input-format", "jsonl"])
        .arg(dir.join("sub/feed.ndjson"))
        .output()
        .unwrap();
    assert!(a.status.success() && !a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
    newsgraph()
        .args([
            "build",
            "--from-extracted",
            "--input-format",
            "html",
            "x",
            "--out",
        ])
        .arg(tmp.path().join("never"))
        .assert()
        .code(2);
}
