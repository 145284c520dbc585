//! The query subcommands (`path`, `show`, `neighbors`, `find`, `stats`) on the real binary,
//! against a graph folder written through the library (`export::write`).

use assert_cmd::Command;
use newsgraph::export::{self, ExportFormat};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{Entity, Evidence, Label, RelType, Relation};
use predicates::prelude::*;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tempfile::TempDir;

fn ent(id: &str, label: Label, name: &str, aliases: &[&str], docs: &[&str]) -> Entity {
    Entity {
        id: id.to_owned(),
        label,
        name: name.to_owned(),
        named: true,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        sources: docs.iter().map(|s| s.to_string()).collect(),
        country: None,
        date: None,
        place: None,
    }
}

fn rel(
    t: RelType,
    source: &str,
    target: &str,
    date: Option<&str>,
    sentence: &str,
    docs: &[&str],
) -> Relation {
    Relation {
        rel_type: t,
        source: source.into(),
        target: target.into(),
        title: None,
        date: date.map(str::to_owned),
        evidence: docs
            .iter()
            .map(|d| Evidence {
                doc: (*d).into(),
                start: 0,
                end: sentence.len(),
                sentence: sentence.into(),
                ..Evidence::default()
            })
            .collect(),
    }
}

/// Persons, organizations, countries, an agreement and two events; one isolated entity.
fn diplomacy() -> KnowledgeGraph {
    use Label::*;
    use RelType::*;
    let d1 = "000_cai.txt";
    let d2 = "001_wang.txt";
    let d3 = "002_peru.txt";
    let d5 = "003_wangyi.txt";
    let d6 = "004_gov.txt";
    let mut entities = vec![
        ent(
            "person:cai-jianing",
            Person,
            "Cai Jianing",
            &["DDG Cai Jianing"],
            &[d1],
        ),
        ent(
            "person:nicole-wong",
            Person,
            "Nicole Wong",
            &["DG Nicole Wong"],
            &[d1],
        ),
        ent(
            "person:wang-zhigang",
            Person,
            "Wang Zhigang",
            &["Minister Wang Zhigang", "Wang"],
            &[d2, d3],
        ),
        ent("person:wang-yi", Person, "Wang Yi", &["Wang"], &[d5]),
        ent(
            "person:jose-leon-velarde",
            Person,
            "José León-Velarde",
            &[],
            &[d3],
        ),
        ent(
            "organization:most",
            Organization,
            "Ministry of Science and Technology",
            &["MOST"],
            &[d1, d2],
        ),
        ent(
            "organization:mfa-panama",
            Organization,
            "Ministry of Foreign Affairs of Panama",
            &[],
            &[d1],
        ),
        ent(
            "organization:mfa-china",
            Organization,
            "Ministry of Foreign Affairs",
            &[],
            &[d5],
        ),
        ent(
            "organization:government-of-panama",
            Organization,
            "Government of Panama",
            &[],
            &[d6],
        ),
        ent(
            "country:china",
            Country,
            "China",
            &["People's Republic of China", "PRC"],
            &[d1, d2, d3, d5],
        ),
        ent("country:panama", Country, "Panama", &[], &[d1]),
        ent("country:peru", Country, "Peru", &[], &[d3]),
        ent(
            "agreement:st-cooperation",
            Agreement,
            "Agreement on Scientific and Technological Cooperation",
            &[],
            &[d3],
        ),
        ent(
            "event:joint-committee",
            Event,
            "China-Peru Joint Committee on S&T Cooperation",
            &[],
            &[d3],
        ),
        ent(
            "event:talks-cai-wong",
            Event,
            "Talks between Cai Jianing and Nicole Wong",
            &[],
            &[d1],
        ),
    ];
    entities[5].country = Some("China".into());
    entities[13].date = Some("2019-05-10".into());
    entities[13].place = Some("Lima".into());
    entities[14].date = Some("2018-07-26".into());
    entities[14].named = false;
    let mut relations = vec![
        rel(
            MetWith,
            "person:cai-jianing",
            "person:nicole-wong",
            Some("2018-07-26"),
            "On July 26, 2018, Cai Jianing met in Beijing with a delegation headed by Nicole Wong.",
            &[d1],
        ),
        rel(
            AffiliatedWith,
            "person:cai-jianing",
            "organization:most",
            None,
            "Cai Jianing, Deputy Director General of MOST, welcomed the delegation.",
            &[d1],
        ),
        rel(
            AffiliatedWith,
            "person:nicole-wong",
            "organization:mfa-panama",
            None,
            "Nicole Wong, Director General of the Ministry of Foreign Affairs of Panama, spoke.",
            &[d1],
        ),
        rel(
            BasedIn,
            "organization:most",
            "country:china",
            None,
            "MOST of China hosted the talks.",
            &[d1],
        ),
        rel(
            BasedIn,
            "organization:mfa-panama",
            "country:panama",
            None,
            "The Ministry of Foreign Affairs of Panama sent a delegation.",
            &[d1],
        ),
        rel(
            Attended,
            "person:cai-jianing",
            "event:talks-cai-wong",
            None,
            "Cai Jianing held talks.",
            &[d1],
        ),
        rel(
            Attended,
            "person:nicole-wong",
            "event:talks-cai-wong",
            None,
            "Nicole Wong held talks.",
            &[d1],
        ),
        rel(
            AffiliatedWith,
            "person:wang-zhigang",
            "organization:most",
            None,
            "Minister Wang Zhigang of MOST spoke.",
            &[d2],
        ),
        rel(
            Signed,
            "country:china",
            "agreement:st-cooperation",
            Some("2019-05"),
            "China and Peru signed the agreement.",
            &[d3],
        ),
        rel(
            Signed,
            "country:peru",
            "agreement:st-cooperation",
            None,
            "Peru signed the agreement.",
            &[d3],
        ),
        rel(
            Attended,
            "person:wang-zhigang",
            "event:joint-committee",
            None,
            "Wang Zhigang attended the Joint Committee.",
            &[d3],
        ),
        rel(
            Attended,
            "person:jose-leon-velarde",
            "event:joint-committee",
            None,
            "León-Velarde attended the Joint Committee.",
            &[d3],
        ),
        rel(
            MetWith,
            "person:jose-leon-velarde",
            "person:wang-zhigang",
            Some("2019-05-10"),
            "Wang Zhigang met León-Velarde in Lima.",
            &[d3],
        ),
        rel(
            AffiliatedWith,
            "person:wang-yi",
            "organization:mfa-china",
            None,
            "Wang Yi of the Ministry of Foreign Affairs.",
            &[d5],
        ),
        rel(
            BasedIn,
            "organization:mfa-china",
            "country:china",
            None,
            "The Chinese Ministry of Foreign Affairs.",
            &[d5],
        ),
        rel(
            MetWith,
            "organization:most",
            "person:nicole-wong",
            None,
            "MOST received Nicole Wong.",
            &[d1],
        ),
    ];
    relations[1].title = Some("Deputy Director General".into());
    relations[2].title = Some("Director General".into());
    relations[7].title = Some("Minister".into());
    let (kg, dropped) = KnowledgeGraph::new(entities, relations);
    assert!(dropped.is_empty());
    kg
}

/// A temporary folder holding the exports of `kg` in `graph/`.
fn write_graph(kg: &KnowledgeGraph) -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("graph");
    export::write(kg, &dir, &ExportFormat::ALL).expect("export::write");
    (tmp, dir)
}

fn newsgraph() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    cmd.env_remove("NO_COLOR");
    cmd
}

/// `newsgraph <args> --graph <dir>`.
fn query(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = newsgraph();
    cmd.args(args).arg("--graph").arg(dir);
    cmd
}

fn stdout_json(cmd: &mut Command, code: i32) -> Value {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)))
}

#[test]
fn every_query_subcommand_has_help_with_an_example() {
    for sub in ["path", "show", "neighbors", "find", "stats"] {
        newsgraph()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"))
            .stdout(predicate::str::contains("--graph"))
            .stdout(predicate::str::contains("--json"));
    }
    newsgraph()
        .args(["path", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--not-via"))
        .stdout(predicate::str::contains("--k-shortest"))
        .stdout(predicate::str::contains("--through"))
        .stdout(predicate::str::contains("--since"))
        .stdout(predicate::str::contains("--first"))
        .stdout(predicate::str::contains("--dot"));
}

#[test]
fn path_found_prints_every_hop_with_evidence() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["path", "Cai Jianing", "Panama"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Cai Jianing (Person) → Panama (Country): 3 hops"))
        .stdout(predicate::str::contains("-[MET_WITH]-  2018-07-26  [000_cai.txt]"))
        .stdout(predicate::str::contains("-[AFFILIATED_WITH]->  title: Director General"))
        .stdout(predicate::str::contains("-[BASED_IN]->"))
        .stdout(predicate::str::contains(
            "\"On July 26, 2018, Cai Jianing met in Beijing with a delegation headed by Nicole Wong.\"",
        ))
        .stdout(predicate::str::contains("Ministry of Foreign Affairs of Panama"))
        .stdout(predicate::str::contains("\x1b[").not());
    // Names in any case, accents and punctuation, aliases, acronyms, ids.
    query(&dir, &["path", "jose leon velarde", "most"])
        .assert()
        .code(0);
    query(&dir, &["path", "person:cai-jianing", "PRC"])
        .assert()
        .code(0);
    query(
        &dir,
        &["path", "DDG CAI JIANING", "people’s republic of china"],
    )
    .assert()
    .code(0);
}

#[test]
fn no_path_exits_1() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["path", "Cai Jianing", "Government of Panama"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no path between Cai Jianing and Government of Panama",
        ));
    let v = stdout_json(
        &mut query(
            &dir,
            &["path", "Cai Jianing", "Government of Panama", "--json"],
        ),
        1,
    );
    assert_eq!(v["paths"], Value::Array(vec![]));
    assert_eq!(v["total"], 0);
}

#[test]
fn unknown_name_exits_2_with_suggestions() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["path", "Cai Jianning", "Panama"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "newsgraph: no entity named \"Cai Jianning\"",
        ))
        .stderr(predicate::str::contains("did you mean"))
        .stderr(predicate::str::contains("Cai Jianing"))
        .stderr(predicate::str::contains("person:cai-jianing"));
    query(&dir, &["show", "Nicole"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Nicole Wong"));
}

#[test]
fn ambiguous_name_exits_2_unless_first() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["path", "Wang", "China"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "\"Wang\" is ambiguous (2 candidates)",
        ))
        .stderr(predicate::str::contains("Wang Zhigang"))
        .stderr(predicate::str::contains("person:wang-yi"))
        .stderr(predicate::str::contains("Person"));
    // --first takes the one with more documents.
    query(&dir, &["path", "Wang", "China", "--first"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("Wang Zhigang (Person) → China"));
    query(&dir, &["show", "Wang", "--first"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("Wang Zhigang"));
    query(&dir, &["neighbors", "Wang"]).assert().code(2);
}

#[test]
fn path_json_has_the_documented_fields() {
    let (_tmp, dir) = write_graph(&diplomacy());
    let v = stdout_json(
        &mut query(&dir, &["path", "Cai Jianing", "Panama", "--json"]),
        0,
    );
    assert_eq!(v["from"]["id"], "person:cai-jianing");
    assert_eq!(v["from"]["name"], "Cai Jianing");
    assert_eq!(v["from"]["label"], "Person");
    assert_eq!(v["to"]["id"], "country:panama");
    assert_eq!(v["directed"], false);
    assert_eq!(v["mode"], "shortest");
    assert_eq!(v["total"], 1);
    let path = &v["paths"][0];
    assert_eq!(path["length"], 3);
    let nodes: Vec<&str> = path["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        nodes,
        [
            "person:cai-jianing",
            "person:nicole-wong",
            "organization:mfa-panama",
            "country:panama"
        ]
    );
    let hops = path["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 3);
    for key in [
        "type",
        "direction",
        "from",
        "to",
        "date",
        "title",
        "docs",
        "evidence",
        "evidence_total",
    ] {
        assert!(hops[0].get(key).is_some(), "hop field {key}");
    }
    assert_eq!(hops[0]["type"], "MET_WITH");
    assert_eq!(hops[0]["direction"], "undirected");
    assert_eq!(hops[0]["date"], "2018-07-26");
    assert_eq!(hops[0]["docs"][0], "000_cai.txt");
    let ev = &hops[0]["evidence"][0];
    assert_eq!(ev["doc"], "000_cai.txt");
    assert!(ev["sentence"]
        .as_str()
        .unwrap()
        .starts_with("On July 26, 2018"));
    assert!(ev["start"].is_u64() && ev["end"].is_u64());
    assert_eq!(hops[1]["type"], "AFFILIATED_WITH");
    assert_eq!(hops[1]["direction"], "forward");
    assert_eq!(hops[1]["title"], "Director General");
    assert_eq!(hops[2]["to"]["id"], "country:panama");
    // Read backwards, the directed relations are "backward".
    let v = stdout_json(
        &mut query(&dir, &["path", "Panama", "Cai Jianing", "--json"]),
        0,
    );
    assert_eq!(v["paths"][0]["hops"][0]["direction"], "backward");
}

#[test]
fn path_dot_is_a_digraph_graphviz_accepts() {
    let (_tmp, dir) = write_graph(&diplomacy());
    let out = query(&dir, &["path", "Cai Jianing", "Panama", "--dot"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let dot = String::from_utf8(out).unwrap();
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(
        dot.contains("\"person:cai-jianing\" -> \"person:nicole-wong\""),
        "{dot}"
    );
    assert!(dot.contains("dir=none"));
    let nb = query(&dir, &["neighbors", "MOST", "--depth", "2", "--dot"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let nb = String::from_utf8(nb).unwrap();
    assert!(nb.starts_with("digraph"));
    assert!(nb.contains("China-Peru Joint Committee on S&T Cooperation"));
    // Graphviz, when installed, must accept both.
    let Ok(probe) = std::process::Command::new("dot").arg("-V").output() else {
        eprintln!("skipped: Graphviz `dot` not installed");
        return;
    };
    assert!(probe.status.success());
    for input in [dot, nb] {
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
    }
}

#[test]
fn path_filters() {
    let (_tmp, dir) = write_graph(&diplomacy());
    // Without MET_WITH the route goes through the talks.
    query(
        &dir,
        &["path", "Cai Jianing", "Panama", "--not-via", "MET_WITH"],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "Talks between Cai Jianing and Nicole Wong",
    ))
    .stdout(predicate::str::contains("MET_WITH").not());
    query(
        &dir,
        &[
            "path",
            "Cai Jianing",
            "Panama",
            "--via",
            "affiliated_with,based-in",
        ],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains("with these filters"));
    query(
        &dir,
        &["path", "Cai Jianing", "Panama", "--through", "Organization"],
    )
    .assert()
    .code(1);
    query(
        &dir,
        &[
            "path",
            "Cai Jianing",
            "Panama",
            "--through",
            "person,organization",
        ],
    )
    .assert()
    .code(0);
    query(&dir, &["path", "Cai Jianing", "Panama", "--max-hops", "2"])
        .assert()
        .code(1);
    query(&dir, &["path", "Cai Jianing", "Panama", "--max-hops", "3"])
        .assert()
        .code(0);
    query(&dir, &["path", "Panama", "Cai Jianing", "--directed"])
        .assert()
        .code(1);
    query(&dir, &["path", "Cai Jianing", "Panama", "--directed"])
        .assert()
        .code(0);
    // Dates: the meeting was on 2018-07-26; the MOST route is undated.
    query(
        &dir,
        &[
            "path",
            "Cai Jianing",
            "Nicole Wong",
            "--since",
            "2018-07",
            "--until",
            "2018-07",
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains("1 hop"));
    query(
        &dir,
        &["path", "Cai Jianing", "Nicole Wong", "--since", "2019"],
    )
    .assert()
    .code(1);
    query(
        &dir,
        &[
            "path",
            "Cai Jianing",
            "Nicole Wong",
            "--since",
            "2019",
            "--undated",
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "Ministry of Science and Technology",
    ));
    // k shortest and all shortest.
    let v = stdout_json(
        &mut query(
            &dir,
            &["path", "Cai Jianing", "Nicole Wong", "-k", "3", "--json"],
        ),
        0,
    );
    let lens: Vec<u64> = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert_eq!(lens, [1, 2, 2]);
    assert_eq!(v["mode"], "k");
    query(&dir, &["path", "Cai Jianing", "Nicole Wong", "-k", "3"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Path 3 (2 hops):"));
    // MOST to the talks: through Cai Jianing or through Nicole Wong.
    let v = stdout_json(
        &mut query(
            &dir,
            &["path", "MOST", "event:talks-cai-wong", "--all", "--json"],
        ),
        0,
    );
    assert_eq!(v["total"], 2);
    assert_eq!(v["mode"], "all");
    let mids: Vec<&str> = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["nodes"][1]["id"].as_str().unwrap())
        .collect();
    assert_eq!(mids, ["person:cai-jianing", "person:nicole-wong"]);
    query(&dir, &["path", "MOST", "event:talks-cai-wong", "--all"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 shortest paths of 2 hops"));
    let v = stdout_json(
        &mut query(
            &dir,
            &[
                "path",
                "MOST",
                "event:talks-cai-wong",
                "--all",
                "--limit",
                "1",
                "--json",
            ],
        ),
        0,
    );
    assert_eq!(
        (v["total"].as_u64(), v["paths"].as_array().unwrap().len()),
        (Some(2), 1)
    );
    // Bad filter values are usage errors.
    query(&dir, &["path", "Cai Jianing", "Panama", "--via", "KNOWS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown relation type"));
    query(
        &dir,
        &["path", "Cai Jianing", "Panama", "--since", "July 2018"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("invalid date"));
    query(
        &dir,
        &["path", "Cai Jianing", "Panama", "--through", "Robot"],
    )
    .assert()
    .code(2);
}

#[test]
fn show_lists_facts_and_edges_by_type() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["show", "MOST"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "Ministry of Science and Technology  (Organization)",
        ))
        .stdout(predicate::str::contains("id:        organization:most"))
        .stdout(predicate::str::contains("aliases:   MOST"))
        .stdout(predicate::str::contains("country:   China"))
        .stdout(predicate::str::contains(
            "documents: 2 (000_cai.txt, 001_wang.txt)",
        ))
        .stdout(predicate::str::contains("MET_WITH (1)"))
        .stdout(predicate::str::contains("AFFILIATED_WITH (2)"))
        .stdout(predicate::str::contains("<-[AFFILIATED_WITH]-"))
        .stdout(predicate::str::contains("BASED_IN (1)"))
        .stdout(predicate::str::contains(
            "\"Minister Wang Zhigang of MOST spoke.\"",
        ));
    query(&dir, &["show", "event:joint-committee"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("date:      2019-05-10"))
        .stdout(predicate::str::contains("place:     Lima"));
    let v = stdout_json(&mut query(&dir, &["show", "Nicole Wong", "--json"]), 0);
    assert_eq!(v["entity"]["id"], "person:nicole-wong");
    assert_eq!(v["entity"]["aliases"][0], "DG Nicole Wong");
    assert_eq!(v["entity"]["sources"][0], "000_cai.txt");
    assert_eq!(v["degree"], 4);
    let rels = v["relations"].as_array().unwrap();
    assert_eq!(rels.len(), 4);
    assert_eq!(rels[0]["type"], "MET_WITH");
    assert!(rels[0]["other"]["id"].is_string());
    assert!(rels
        .iter()
        .all(|r| r["evidence"].is_array() && r["docs"].is_array()));
}

#[test]
fn neighbors_by_depth() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["neighbors", "Cai Jianing"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Cai Jianing (Person): 3 neighbors within 1 hop",
        ))
        .stdout(predicate::str::contains("Nicole Wong"))
        .stdout(predicate::str::contains("-[AFFILIATED_WITH]->"))
        .stdout(predicate::str::contains("depth 2").not());
    query(&dir, &["neighbors", "Cai Jianing", "--depth", "2"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("depth 2"))
        .stdout(predicate::str::contains("Nicole Wong -[AFFILIATED_WITH]->"));
    let v = stdout_json(
        &mut query(
            &dir,
            &[
                "neighbors",
                "Cai Jianing",
                "-d",
                "3",
                "--type",
                "MET_WITH",
                "--json",
            ],
        ),
        0,
    );
    assert_eq!(v["entity"]["id"], "person:cai-jianing");
    assert_eq!(v["depth"], 3);
    assert_eq!(v["total"], 2);
    let n = &v["neighbors"];
    assert_eq!(
        (n[0]["id"].as_str(), n[0]["depth"].as_u64()),
        (Some("person:nicole-wong"), Some(1))
    );
    assert_eq!(
        (n[1]["id"].as_str(), n[1]["depth"].as_u64()),
        (Some("organization:most"), Some(2))
    );
    assert_eq!(n[1]["via"][0]["from"]["id"], "person:nicole-wong");
    assert_eq!(n[1]["via"][0]["type"], "MET_WITH");
}

#[test]
fn find_ranks_candidates() {
    let (_tmp, dir) = write_graph(&diplomacy());
    let out = query(&dir, &["find", "cai"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("prefix")
            && lines[0].contains("Cai Jianing")
            && lines[0].contains("1 doc"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("token") && lines[1].contains("Talks between"),
        "{out}"
    );
    let v = stdout_json(&mut query(&dir, &["find", "WANG", "--json"]), 0);
    assert_eq!(v["query"], "WANG");
    assert_eq!(v["total"], 2);
    let r = &v["results"][0];
    assert_eq!(
        (r["id"].as_str(), r["match"].as_str(), r["docs"].as_u64()),
        (Some("person:wang-zhigang"), Some("exact"), Some(2))
    );
    assert_eq!(r["matched"], "Wang");
    assert_eq!(r["label"], "Person");
    query(
        &dir,
        &["find", "ministry", "--label", "organization", "-n", "1"],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "Ministry of Science and Technology",
    ))
    .stdout(predicate::str::contains("(2 more; --limit 0 shows all)"));
    query(&dir, &["find", "leon velarde"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("José León-Velarde"));
    query(&dir, &["find", "zzyzx"]).assert().code(1).stdout("");
}

#[test]
fn stats_counts() {
    let (_tmp, dir) = write_graph(&diplomacy());
    query(&dir, &["stats"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("entities          15"))
        .stdout(predicate::str::contains("relations         16"))
        .stdout(predicate::str::contains(
            "components         2  (largest: 14 entities)",
        ))
        .stdout(predicate::str::contains("Person                 5"))
        .stdout(predicate::str::contains("ATTENDED               4"))
        .stdout(predicate::str::contains("top entities by degree"));
    let v = stdout_json(&mut query(&dir, &["stats", "--json"]), 0);
    assert_eq!(
        (
            v["nodes"].as_u64(),
            v["edges"].as_u64(),
            v["documents"].as_u64()
        ),
        (Some(15), Some(16), Some(5))
    );
    assert_eq!(v["labels"]["Organization"], 4);
    assert_eq!(v["labels"]["Agreement"], 1);
    assert_eq!(v["types"]["BASED_IN"], 3);
    assert_eq!(v["top_degree"][0]["id"], "organization:most");
    assert_eq!(v["top_degree"][0]["degree"], 4);
    assert_eq!(v["top_degree"].as_array().unwrap().len(), 10);
    assert_eq!(
        (v["components"].as_u64(), v["largest_component"].as_u64()),
        (Some(2), Some(14))
    );
}

#[test]
fn unreadable_graph_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    for args in [&["stats"][..], &["path", "a", "b"], &["find", "x"]] {
        query(&missing, args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(
                "newsgraph: cannot read graph folder",
            ));
    }
    // A folder that is not an export.
    query(tmp.path(), &["stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("newsgraph: "));
}

/// A hub met by many people, so that `neighbors` prints far more than a pipe buffer holds.
fn big_star(n: usize) -> KnowledgeGraph {
    let mut entities = vec![ent(
        "organization:hub",
        Label::Organization,
        "Hub Organization",
        &["HUB"],
        &["d0"],
    )];
    let mut relations = Vec::new();
    for i in 0..n {
        let id = format!("person:p{i:05}");
        entities.push(ent(
            &id,
            Label::Person,
            &format!("Person Number {i:05} With A Long Name"),
            &[],
            &["d0"],
        ));
        relations.push(rel(
            RelType::AffiliatedWith,
            &id,
            "organization:hub",
            None,
            "They work there.",
            &["d0"],
        ));
    }
    KnowledgeGraph::new(entities, relations).0
}

#[test]
fn broken_pipe_exits_0() {
    let (_tmp, dir) = write_graph(&big_star(4000));
    for args in [
        &["neighbors", "HUB"][..],
        &["find", "person", "-n", "0"],
        &["neighbors", "HUB", "--json"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(args)
            .arg("--graph")
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // the reader goes away, like `| head -1`
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// Every query the other tests run, as (arguments, exit status).
const QUERIES: &[(&[&str], i32)] = &[
    (&["path", "Cai Jianing", "Panama"], 0),
    (
        &["path", "Cai Jianing", "Panama", "--json", "--evidence", "0"],
        0,
    ),
    (
        &["path", "Cai Jianing", "Nicole Wong", "--all", "--json"],
        0,
    ),
    (&["path", "Cai Jianing", "Nicole Wong", "-k", "3"], 0),
    (&["path", "Cai Jianing", "Panama", "--directed", "--dot"], 0),
    (
        &[
            "path", "Cai", "Wong Yi", "--since", "2018", "--until", "2018-12",
        ],
        2,
    ),
    (&["path", "Cai Jianing", "Government of Panama"], 1),
    (&["path", "Wang", "Peru"], 2),
    (
        &[
            "path",
            "Wang",
            "Peru",
            "--first",
            "--through",
            "Person,Country",
        ],
        1,
    ),
    (
        &["path", "Wang", "Peru", "--first", "--not-via", "MET_WITH"],
        0,
    ),
    (&["show", "Wang Zhigang"], 0),
    (&["show", "MOST", "--json", "--evidence", "0"], 0),
    (&["show", "person:jose-leon-velarde"], 0),
    (&["show", "Cai Jianning"], 2),
    (&["neighbors", "Cai Jianing", "--depth", "3", "--json"], 0),
    (&["neighbors", "China", "--type", "BASED_IN", "--dot"], 0),
    (&["find", "wang"], 0),
    (
        &["find", "ministry", "--json", "--label", "Organization"],
        0,
    ),
    (&["find", "zzyzx"], 1),
    (&["stats"], 0),
    (&["stats", "--json"], 0),
];

fn run(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    let out = query(dir, args).assert().code(code).get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_snapshot_answers_exactly_like_the_csvs() {
    let (_tmp, dir) = write_graph(&diplomacy());
    assert!(dir.join(export::SNAPSHOT_FILE).is_file());
    let with: Vec<(String, String)> = QUERIES.iter().map(|(a, c)| run(&dir, a, *c)).collect();
    // Without graph.bin the CSVs are read, and every answer is the same, byte for byte.
    std::fs::remove_file(dir.join(export::SNAPSHOT_FILE)).unwrap();
    for ((args, code), want) in QUERIES.iter().zip(&with) {
        assert_eq!(&run(&dir, args, *code), want, "{args:?}");
    }
}

#[test]
fn a_stale_snapshot_is_passed_over_with_a_warning() {
    let (_tmp, dir) = write_graph(&diplomacy());
    let (want, _) = run(&dir, &["show", "Nicole Wong", "--json"], 0);
    // Hand-edited CSVs are loaded once the manifest is gone; graph.bin no longer stands
    // for them.
    std::fs::remove_file(dir.join("manifest.json")).unwrap();
    let csv = dir.join("nodes_person.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replace("Nicole Wong", "Nicole A. Wong")).unwrap();
    query(&dir, &["show", "Nicole A. Wong"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Nicole A. Wong"))
        .stderr(predicate::str::contains(
            "warning: ".to_owned() + &dir.display().to_string(),
        ))
        .stderr(predicate::str::contains("graph.bin not used"));
    // Another snapshot version: the CSVs, same answer, a warning.
    let (_tmp2, dir) = write_graph(&diplomacy());
    let bin = dir.join(export::SNAPSHOT_FILE);
    let mut bytes = std::fs::read(&bin).unwrap();
    bytes[8] = bytes[8].wrapping_add(1);
    std::fs::write(&bin, bytes).unwrap();
    let (got, err) = run(&dir, &["show", "Nicole Wong", "--json"], 0);
    assert_eq!(got, want);
    assert!(err.contains("graph.bin not used (version"), "{err}");
}

#[test]
fn a_damaged_snapshot_exits_2_naming_it() {
    let (_tmp, dir) = write_graph(&diplomacy());
    let bin = dir.join(export::SNAPSHOT_FILE);
    let good = std::fs::read(&bin).unwrap();
    let damaged = |bytes: Vec<u8>, args: &[&str], says: &str| {
        std::fs::write(&bin, bytes).unwrap();
        query(&dir, args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("graph.bin"))
            .stderr(predicate::str::contains(says.to_owned()));
    };
    // Truncated: its size is not the manifest's.
    damaged(
        good[..good.len() - 7].to_vec(),
        &["stats"],
        "manifest.json says",
    );
    // A flipped bit in the index, in the header, in an entity record.
    let mut b = good.clone();
    let len = b.len();
    b[len / 8] ^= 0x10;
    damaged(b, &["stats"], "checksum mismatch");
    let mut b = good.clone();
    b[0] = b'X';
    damaged(b, &["stats"], "bad magic");
    // The entity records sit before the relation offsets (8 bytes per relation, plus one).
    let mut b = good.clone();
    let at = len - 8 * 17 - 5;
    b[at] ^= 0x01;
    std::fs::write(&bin, &b).unwrap();
    query(&dir, &["stats"]).assert().success(); // the index is intact
    let failing: Vec<String> = diplomacy()
        .entities()
        .map(|e| e.id.clone())
        .filter(|id| {
            !query(&dir, &["show", id])
                .output()
                .unwrap()
                .status
                .success()
        })
        .collect();
    assert_eq!(failing.len(), 1, "exactly the damaged record fails");
    query(&dir, &["show", &failing[0]])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "newsgraph: cannot read the graph: ",
        ))
        .stderr(predicate::str::contains("graph.bin: the record of"));
    // An evidence line changed in place (same size): the hop's relation is not the one
    // expected, and nothing is printed.
    std::fs::write(&bin, &good).unwrap();
    let ev = dir.join("evidence.jsonl");
    let text = std::fs::read_to_string(&ev).unwrap();
    std::fs::write(
        &ev,
        text.replace("person:nicole-wong", "person:nicole-wonk"),
    )
    .unwrap();
    query(&dir, &["path", "Nicole Wong", "MOST"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("evidence.jsonl"));
}
