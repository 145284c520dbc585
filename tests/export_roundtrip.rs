//! Exports: write a hostile graph, read it back exactly, check the files' shapes, and the
//! atomic-replacement and refusal rules.

use newsgraph::export::{self, ExportFormat};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{Entity, Evidence, Label, RelType, Relation};
use newsgraph::query::{self, QueryGraph};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn entity(id: &str, label: Label, name: &str) -> Entity {
    Entity {
        id: id.into(),
        label,
        name: name.into(),
        named: true,
        aliases: BTreeSet::new(),
        sources: set(&["000_a.txt"]),
        country: None,
        date: None,
        place: None,
    }
}

fn ev(doc: &str, start: usize, sentence: &str) -> Evidence {
    Evidence {
        doc: doc.into(),
        start,
        end: start + sentence.len(),
        sentence: sentence.into(),
        ..Evidence::default()
    }
}

fn relation(t: RelType, source: &str, target: &str, evidence: Vec<Evidence>) -> Relation {
    Relation {
        rel_type: t,
        source: source.into(),
        target: target.into(),
        title: None,
        date: None,
        evidence: evidence.into_iter().collect(),
    }
}

/// Every character class that has broken a CSV, XML or Cypher writer somewhere.
const HOSTILE: &str =
    "Dr. \"Quote\" O'Neil, Jr.; A|B\tC <b>&amp;</b> ]]> 🦀🇨🇳 שלום مرحبا e\u{301}\u{20dd}";

fn hostile_graph() -> KnowledgeGraph {
    let long_name: String = "Ω long name, ".repeat(154).chars().take(2000).collect();
    assert_eq!(long_name.chars().count(), 2000);

    let mut quote = entity("person:quote", Label::Person, HOSTILE);
    quote.aliases = set(&[
        "=cmd|' /C calc'!A0",
        "+1",
        "-2",
        "@SUM(A1)",
        "semi;colon",
        "  padded  ",
        "trailing backslash\\",
        "back\\\"slash quote",
        "\"",
        "'",
    ]);
    quote.sources = set(&["000_a.txt", "dir;with;semis/001.txt", "-"]);

    let mut control = entity(
        "person:control",
        Label::Person,
        "nul\0 vt\u{b} ff\u{c} cr\r lf\n del\u{7f} c1\u{85} bom\u{feff}",
    );
    control.aliases = set(&["line\nbreak", "\u{0}", ""]);

    let long = entity("person:long", Label::Person, &long_name);

    let mut rtl = entity(
        "person:עברית-1",
        Label::Person,
        "\u{202e}right-to-left override\u{202c} עברית",
    );
    rtl.aliases = set(&["עב", "ن"]);

    let mut org = entity(
        "organization:most",
        Label::Organization,
        "Ministry of Science and Technology",
    );
    org.aliases = set(&["MOST"]);
    org.country = Some("People's Republic of China".into());

    let mut org2 = entity(
        "organization:x.y_z",
        Label::Organization,
        "=HYPERLINK(\"http://x\")",
    );
    org2.country = Some(String::new()); // Some("") is not None: kept exactly

    let mut china = entity("country:中国", Label::Country, "China");
    china.aliases = set(&["Chinese", "PRC"]);
    china.sources = set(&["000_a.txt", "001_b.txt"]);

    let mut mou = entity(
        "agreement:mou",
        Label::Agreement,
        "Memorandum of Understanding on \"Science\"",
    );
    mou.date = Some("2019".into());

    let mut talks = entity(
        "event:talks-000",
        Label::Event,
        "Talks between Cai Jianing and Nicole Wong",
    );
    talks.named = false;
    talks.date = Some("2018-07-26".into());
    talks.place = Some("Beijing".into());

    let mut forum = entity("event:forum", Label::Event, "Forum, \"2018\"");
    forum.date = Some("2018-07".into());
    forum.place = Some("Lima; Peru".into());

    let empty_sources = Entity {
        sources: BTreeSet::new(),
        ..entity("country:x", Label::Country, "")
    };

    let mut affiliated = relation(
        RelType::AffiliatedWith,
        "person:quote",
        "organization:most",
        vec![ev(
            "000_a.txt",
            10,
            "Dr. \"Quote\", Deputy Director General of MOST, said;",
        )],
    );
    affiliated.title = Some("Deputy Director General; \"acting\"".into());

    let mut met = relation(
        RelType::MetWith,
        "person:control",
        "person:quote",
        vec![
            ev(
                "000_a.txt",
                0,
                "On July 26, 2018, they met <in> Beijing & talked.",
            ),
            ev(
                "000_a.txt",
                120,
                "A second sentence, with \"quotes\"; and a semicolon.",
            ),
            ev(
                "dir;with;semis/001.txt",
                5,
                "Control \u{0}\u{b} chars\r\nand a line break\\",
            ),
        ],
    );
    met.date = Some("2018-07-26".into());

    let entities = vec![
        quote,
        control,
        long,
        rtl,
        org,
        org2,
        china,
        mou,
        talks,
        forum,
        empty_sources,
    ];
    let relations = vec![
        met,
        affiliated,
        relation(
            RelType::Signed,
            "organization:most",
            "agreement:mou",
            vec![ev("001_b.txt", 3, "MOST signed the MOU.")],
        ),
        relation(
            RelType::Signed,
            "country:中国",
            "agreement:mou",
            vec![ev("001_b.txt", 3, "MOST signed the MOU.")],
        ),
        relation(
            RelType::Attended,
            "person:quote",
            "event:talks-000",
            vec![ev(
                "000_a.txt",
                0,
                "On July 26, 2018, they met <in> Beijing & talked.",
            )],
        ),
        relation(
            RelType::Attended,
            "person:long",
            "event:forum",
            vec![ev("000_a.txt", 7, "=1+1")],
        ),
        relation(
            RelType::BasedIn,
            "organization:most",
            "country:中国",
            vec![ev("000_a.txt", 1, "MOST of China")],
        ),
        relation(
            RelType::BasedIn,
            "organization:x.y_z",
            "country:中国",
            vec![
                ev("-", 0, ""),
                ev(" \t", 0, "a document id that is only whitespace"),
            ],
        ),
        relation(
            RelType::MetWith,
            "person:long",
            "person:עברית-1",
            vec![ev("000_a.txt", 2, "'")],
        ),
    ];
    let (g, dropped) = KnowledgeGraph::new(entities, relations);
    assert!(dropped.is_empty());
    g
}

fn assert_same(a: &KnowledgeGraph, b: &KnowledgeGraph) {
    let ea: Vec<&Entity> = a.entities().collect();
    let eb: Vec<&Entity> = b.entities().collect();
    assert_eq!(ea, eb);
    let ra: Vec<&Relation> = a.relations().collect();
    let rb: Vec<&Relation> = b.relations().collect();
    assert_eq!(ra, rb);
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn write_hostile(root: &Path) -> PathBuf {
    let out = root.join("graph");
    let report = export::write(&hostile_graph(), &out, &ExportFormat::ALL).unwrap();
    assert_eq!(report.nodes, 11);
    assert_eq!(report.relationships, 9);
    assert!(!report.replaced);
    assert!(report.warnings.is_empty());
    out
}

#[test]
fn round_trip_is_exact() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let back = export::load(&out).unwrap();
    assert_same(&hostile_graph(), &back);
    // And again from what was read.
    let out2 = root.path().join("graph2");
    export::write(&back, &out2, &[ExportFormat::Neo4j]).unwrap();
    assert_same(&hostile_graph(), &export::load(&out2).unwrap());
}

/// The snapshot of `dir` (which must be used) equals the CSVs of `dir`, indexed in memory:
/// same index, same entity and relation records.
fn assert_snapshot_is_the_csvs(dir: &Path) -> QueryGraph {
    let lazy = query::load_graph(dir).unwrap();
    assert!(lazy.is_lazy(), "graph.bin is used");
    assert!(lazy.warnings().is_empty(), "{:?}", lazy.warnings());
    let csv = QueryGraph::new(export::load(dir).unwrap()).unwrap();
    assert_eq!(lazy.index(), csv.index());
    for n in csv.nodes() {
        assert_eq!(lazy.entity(n).unwrap(), csv.entity(n).unwrap());
    }
    for e in csv.edges() {
        assert_eq!(lazy.relation(e).unwrap(), csv.relation(e).unwrap());
    }
    lazy
}

#[test]
fn snapshot_round_trips() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let g = assert_snapshot_is_the_csvs(&out);
    // And it is the graph that was written.
    let want = QueryGraph::new(hostile_graph()).unwrap();
    assert_eq!(g.index(), want.index());
    assert_eq!((g.node_count(), g.edge_count()), (11, 9));
    // Without the Neo4j files there is nothing for it to index.
    let gm = root.path().join("graphml");
    export::write(&hostile_graph(), &gm, &[ExportFormat::GraphMl]).unwrap();
    assert!(!gm.join(export::SNAPSHOT_FILE).exists());
}

#[test]
fn snapshot_of_the_bundled_corpus_is_its_csvs() {
    // The committed golden export of tests/corpus.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("exports");
    let g = assert_snapshot_is_the_csvs(&dir);
    assert!(g.node_count() > 0 && g.edge_count() > 0);
}

#[test]
fn empty_graph_round_trips() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("empty");
    export::write(&KnowledgeGraph::default(), &out, &ExportFormat::ALL).unwrap();
    let back = export::load(&out).unwrap();
    assert_eq!((back.node_count(), back.edge_count()), (0, 0));
    let g = assert_snapshot_is_the_csvs(&out);
    assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    let header = std::fs::read_to_string(out.join("nodes_person.csv")).unwrap();
    assert_eq!(header, format!("{}\n", export::NODE_HEADER.join(",")));
}

#[test]
fn output_is_byte_identical() {
    let root = tempfile::tempdir().unwrap();
    let a = write_hostile(root.path());
    let b = root.path().join("other");
    export::write(&hostile_graph(), &b, &ExportFormat::ALL).unwrap();
    let first = files(&a);
    assert_eq!(first, files(&b));
    // Replacing an export in place gives the same bytes, and leaves no temporary folder.
    let report = export::write(&hostile_graph(), &a, &ExportFormat::ALL).unwrap();
    assert!(report.replaced);
    assert_eq!(first, files(&a));
    assert_eq!(names(root.path()), ["graph", "other"]);
}

#[test]
fn file_list_and_headers() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    assert_eq!(
        names(&out),
        [
            "evidence.jsonl",
            "graph.bin",
            "graph.gexf",
            "graph.graphml",
            "import.sh",
            "load.cypher",
            "load.falkordb.cypher",
            "manifest.json",
            "nodes_agreement.csv",
            "nodes_country.csv",
            "nodes_event.csv",
            "nodes_organization.csv",
            "nodes_person.csv",
            "rels_affiliated_with.csv",
            "rels_attended.csv",
            "rels_based_in.csv",
            "rels_met_with.csv",
            "rels_signed.csv",
        ]
    );
    let first_line = |f: &str| {
        std::fs::read_to_string(out.join(f))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        first_line("nodes_person.csv"),
        "id:ID(Entity),:LABEL,name,named:boolean,aliases:string[],sources:string[],country,date,place"
    );
    assert_eq!(
        first_line("rels_met_with.csv"),
        ":START_ID(Entity),:END_ID(Entity),:TYPE,docs:string[],evidence,evidence_count:int,title,date,urls:string[]"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("import.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111);
    }
}

/// Every CSV: one line per record, arrays clean, no `\"`, no NUL, typed columns valid.
#[test]
fn csv_files_are_neo4j_safe() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let mut total_rows = 0;
    for (name, bytes) in files(&out) {
        if !name.ends_with(".csv") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains('\0'), "{name} has NUL");
        assert!(!text.contains('\r'), "{name} has CR");
        assert!(
            !text.contains("\\\""),
            "{name} has a backslash before a quote"
        );
        assert!(!text.starts_with('\u{feff}'));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(
            records.len(),
            text.lines().count(),
            "{name}: a record spans lines"
        );
        let header = records[0].clone();
        for rec in &records[1..] {
            total_rows += 1;
            assert_eq!(rec.len(), header.len());
            for (h, v) in header.iter().zip(rec.iter()) {
                if h.ends_with("[]") && !v.is_empty() {
                    for element in v.split(';') {
                        assert!(!element.is_empty(), "{name}: empty element in {v:?}");
                        assert_eq!(
                            element,
                            element.trim(),
                            "{name}: padded element {element:?}"
                        );
                    }
                }
                if h == ":LABEL" {
                    assert!(v.starts_with("Entity;"), "{v}");
                }
                if h == "named:boolean" {
                    assert!(v == "true" || v == "false");
                }
                if h == "evidence_count:int" {
                    assert!(v.parse::<u32>().unwrap() >= 1);
                }
            }
        }
    }
    assert_eq!(total_rows, 11 + 9);
    // The name keeps its text (only CR/LF/NUL replaced).
    let persons = std::fs::read_to_string(out.join("nodes_person.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(persons.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect();
    assert!(names.contains(&HOSTILE.to_string()));
    assert!(
        names.contains(&"nul  vt\u{b} ff\u{c} cr  lf  del\u{7f} c1\u{85} bom\u{feff}".to_string())
    );
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )
    .unwrap()
}

fn data<'a>(node: roxmltree::Node<'a, 'a>, key: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name("data") && c.attribute("key") == Some(key))
        .map(|c| c.text().unwrap_or(""))
}

#[test]
fn graphml_is_well_formed_and_faithful() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let text = std::fs::read_to_string(out.join("graph.graphml")).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
    let doc = parse_xml(&text);
    let graphml = doc.root_element();
    assert_eq!(
        graphml.tag_name().namespace(),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    let children: Vec<_> = graphml.children().filter(|n| n.is_element()).collect();
    let graph_pos = children
        .iter()
        .position(|n| n.has_tag_name("graph"))
        .unwrap();
    assert!(children[..graph_pos].iter().all(|n| n.has_tag_name("key")));
    assert_eq!(graph_pos, children.len() - 1);
    let graph = children[graph_pos];
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));

    let g = hostile_graph();
    let nodes: Vec<_> = graph
        .children()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    assert_eq!(nodes.len(), g.node_count());
    for (node, e) in nodes.iter().zip(g.entities()) {
        assert_eq!(node.attribute("id"), Some(e.id.as_str()));
        assert_eq!(data(*node, "kind"), Some(e.label.as_str()));
        // XML carries everything but the characters XML 1.0 forbids.
        let expected: String = e
            .name
            .chars()
            .map(|c| {
                if export::xml::is_xml_char(c) {
                    c
                } else {
                    '\u{FFFD}'
                }
            })
            .collect();
        assert_eq!(data(*node, "label"), Some(expected.as_str()), "{}", e.id);
    }
    let quote = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("person:quote"))
        .unwrap();
    assert_eq!(data(*quote, "label"), Some(HOSTILE));
    assert_eq!(
        data(*quote, "sources"),
        Some("-; 000_a.txt; dir;with;semis/001.txt")
    );
    let control = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("person:control"))
        .unwrap();
    assert_eq!(
        data(*control, "label"),
        Some("nul\u{FFFD} vt\u{FFFD} ff\u{FFFD} cr\r lf\n del\u{7f} c1\u{85} bom\u{feff}")
    );
    let org2 = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("organization:x.y_z"))
        .unwrap();
    assert_eq!(data(*org2, "country"), Some(""));
    assert_eq!(data(*org2, "date"), None);

    let edges: Vec<_> = graph
        .children()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    assert_eq!(edges.len(), g.edge_count());
    for (i, (edge, r)) in edges.iter().zip(g.relations()).enumerate() {
        assert_eq!(edge.attribute("id"), Some(format!("e{i}").as_str()));
        assert_eq!(edge.attribute("source"), Some(&*r.source));
        assert_eq!(edge.attribute("target"), Some(&*r.target));
        assert_eq!(data(*edge, "e_label"), Some(r.rel_type.as_str()));
        assert_eq!(data(*edge, "type"), Some(r.rel_type.as_str()));
        let weight: f64 = data(*edge, "weight").unwrap().parse().unwrap();
        assert!(weight > 0.0);
        assert_eq!(weight as usize, r.evidence.len());
        assert_eq!(
            data(*edge, "evidence_count"),
            Some(r.evidence.len().to_string().as_str())
        );
    }
    // No empty <data> for a typed key.
    for d in graph.descendants().filter(|n| n.has_tag_name("data")) {
        let key = d.attribute("key").unwrap();
        if ["named", "evidence_count", "weight"].contains(&key) {
            assert!(!d.text().unwrap_or("").is_empty());
        }
    }
}

#[test]
fn gexf_is_well_formed_with_colors_sizes_and_dates() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let text = std::fs::read_to_string(out.join("graph.gexf")).unwrap();
    let doc = parse_xml(&text);
    let gexf = doc.root_element();
    assert_eq!(gexf.tag_name().namespace(), Some("http://gexf.net/1.3"));
    assert_eq!(gexf.attribute("version"), Some("1.3"));
    let graph = gexf.children().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("mode"), Some("dynamic"));
    assert_eq!(graph.attribute("timeformat"), Some("date"));
    let viz = "http://gexf.net/1.3/viz";
    let g = hostile_graph();
    let nodes: Vec<_> = graph
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    assert_eq!(nodes.len(), g.node_count());
    let node = |id: &str| {
        *nodes
            .iter()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap()
    };
    for e in g.entities() {
        let n = node(&e.id);
        let color = n
            .children()
            .find(|c| c.has_tag_name((viz, "color")))
            .unwrap();
        let (r, gr, b) = export::gexf_color(e.label);
        assert_eq!(color.attribute("r"), Some(r.to_string().as_str()));
        assert_eq!(color.attribute("g"), Some(gr.to_string().as_str()));
        assert_eq!(color.attribute("b"), Some(b.to_string().as_str()));
        let size: f64 = n
            .children()
            .find(|c| c.has_tag_name((viz, "size")))
            .unwrap()
            .attribute("value")
            .unwrap()
            .parse()
            .unwrap();
        assert!(size >= 10.0);
    }
    // Timeline: events carry their (padded) date; parties the earliest date of their edges.
    assert_eq!(
        node("event:talks-000").attribute("start"),
        Some("2018-07-26")
    );
    assert_eq!(node("event:forum").attribute("start"), Some("2018-07-01"));
    assert_eq!(node("agreement:mou").attribute("start"), Some("2019-01-01"));
    assert_eq!(node("person:quote").attribute("start"), Some("2018-07-26"));
    assert_eq!(node("person:long").attribute("start"), Some("2018-07-01"));
    assert_eq!(node("organization:most").attribute("start"), None);
    assert_eq!(node("person:quote").attribute("label"), Some(HOSTILE));
    let edges: Vec<_> = graph
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    assert_eq!(edges.len(), g.edge_count());
    for (edge, r) in edges.iter().zip(g.relations()) {
        assert_eq!(edge.attribute("label"), Some(r.rel_type.as_str()));
        assert_eq!(edge.attribute("kind"), Some(r.rel_type.as_str()));
        assert!(edge.attribute("weight").unwrap().parse::<f64>().unwrap() > 0.0);
    }
}

#[test]
fn refuses_to_replace_what_is_not_an_export() {
    let root = tempfile::tempdir().unwrap();
    let g = hostile_graph();

    let file = root.path().join("file");
    std::fs::write(&file, "user data").unwrap();
    let err = export::write(&g, &file, &ExportFormat::ALL).unwrap_err();
    assert!(format!("{err:#}").contains("not a folder"), "{err:#}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "user data");

    let docs = root.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("thesis.tex"), "years of work").unwrap();
    let err = export::write(&g, &docs, &ExportFormat::ALL).unwrap_err();
    assert!(
        format!("{err:#}").contains("not a newsgraph export"),
        "{err:#}"
    );
    assert_eq!(names(&docs), ["thesis.tex"]);

    // An export a user added a file to is not deleted either.
    let out = write_hostile(root.path());
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = files(&out);
    let err = export::write(&g, &out, &ExportFormat::ALL).unwrap_err();
    assert!(format!("{err:#}").contains("notes.txt"), "{err:#}");
    assert_eq!(files(&out), before);

    // Nor a folder inside it.
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    std::fs::create_dir(out.join("sub")).unwrap();
    assert!(export::write(&g, &out, &ExportFormat::ALL).is_err());
    std::fs::remove_dir(out.join("sub")).unwrap();

    // neo4j-admin's import.report is fine; so is an empty folder.
    std::fs::write(out.join("import.report"), "").unwrap();
    assert!(
        export::write(&g, &out, &ExportFormat::ALL)
            .unwrap()
            .replaced
    );
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    export::write(&g, &empty, &ExportFormat::ALL).unwrap();
    assert_same(&g, &export::load(&empty).unwrap());

    #[cfg(unix)]
    {
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        let err = export::write(&g, &link, &ExportFormat::ALL).unwrap_err();
        assert!(format!("{err:#}").contains("symbolic link"), "{err:#}");
    }
    assert!(export::write(&g, root.path().join("x").as_path(), &[]).is_err());
}

#[test]
fn replaces_a_previous_export_completely() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    // A smaller graph, fewer formats: no file of the old export survives.
    let (small, _) = KnowledgeGraph::new(vec![entity("person:a", Label::Person, "A")], vec![]);
    let report = export::write(&small, &out, &[ExportFormat::GraphMl]).unwrap();
    assert!(report.replaced);
    assert_eq!(names(&out), ["graph.graphml", "manifest.json"]);
    assert_eq!(report.files, ["graph.graphml", "manifest.json"]);
    assert_eq!(names(root.path()), ["graph"]);
    let err = export::load(&out).unwrap_err();
    assert!(format!("{err:#}").contains("no nodes_*.csv"), "{err:#}");
}

#[test]
fn refuses_graphs_it_cannot_represent() {
    let root = tempfile::tempdir().unwrap();
    let (bad_id, _) = KnowledgeGraph::new(vec![entity("person:a b", Label::Person, "A B")], vec![]);
    let err = export::write(&bad_id, &root.path().join("g"), &ExportFormat::ALL).unwrap_err();
    assert!(
        format!("{err:#}").contains("not a valid node id"),
        "{err:#}"
    );

    let r = relation(
        RelType::MetWith,
        "person:a",
        "person:b",
        vec![ev("d", 0, "x")],
    );
    let (dup, _) = KnowledgeGraph::new(
        vec![
            entity("person:a", Label::Person, "A"),
            entity("person:b", Label::Person, "B"),
        ],
        vec![r.clone(), r],
    );
    let err = export::write(&dup, &root.path().join("g"), &ExportFormat::ALL).unwrap_err();
    assert!(format!("{err:#}").contains("appears twice"), "{err:#}");

    let (no_evidence, _) = KnowledgeGraph::new(
        vec![
            entity("person:a", Label::Person, "A"),
            entity("person:b", Label::Person, "B"),
        ],
        vec![relation(RelType::MetWith, "person:a", "person:b", vec![])],
    );
    let err = export::write(&no_evidence, &root.path().join("g"), &ExportFormat::ALL).unwrap_err();
    assert!(format!("{err:#}").contains("no evidence"), "{err:#}");
    assert!(names(root.path()).is_empty());

    // A refused graph leaves a previous export as it was.
    let out = write_hostile(root.path());
    let contents = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        (names(dir).into_iter())
            .map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap()))
            .collect()
    };
    let before = contents(&out);
    let err = export::write(&dup, &out, &ExportFormat::ALL).unwrap_err();
    assert!(format!("{err:#}").contains("appears twice"), "{err:#}");
    assert_eq!(contents(&out), before);
    assert_eq!(names(root.path()), ["graph"]);
}

fn load_err(out: &Path) -> String {
    format!("{:#}", export::load(out).unwrap_err())
}

#[test]
fn load_detects_truncation_through_the_manifest() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let path = out.join("rels_met_with.csv");
    let text = std::fs::read(&path).unwrap();

    // Truncated at a line boundary: every row is well-formed, only the size tells.
    let cut = text[..text.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    std::fs::write(&path, &text[..cut]).unwrap();
    let err = load_err(&out);
    assert!(
        err.contains("rels_met_with.csv") && err.contains("manifest.json"),
        "{err}"
    );

    std::fs::remove_file(&path).unwrap();
    let err = load_err(&out);
    assert!(err.contains("rels_met_with.csv: missing"), "{err}");

    std::fs::write(&path, &text).unwrap();
    std::fs::write(
        out.join("manifest.json"),
        "{\"format\": \"newsgraph-export\",",
    )
    .unwrap();
    let err = load_err(&out);
    assert!(err.contains("manifest.json"), "{err}");
}

#[test]
fn load_reports_corrupt_input_with_file_and_line() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    // Without the manifest, only the CSV and JSONL contents can tell.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    let pristine = files(&out);
    let restore = || {
        for (name, bytes) in &pristine {
            std::fs::write(out.join(name), bytes).unwrap();
        }
    };
    let edit = |name: &str, f: &dyn Fn(String) -> String| {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        std::fs::write(out.join(name), f(text)).unwrap();
    };

    // Truncated in the middle of a row.
    edit("rels_signed.csv", &|t| t[..t.len() - 25].to_string());
    let err = load_err(&out);
    assert!(
        err.contains("rels_signed.csv:3") && err.contains("truncated"),
        "{err}"
    );
    restore();

    // An unknown label, an unknown type, a dangling endpoint.
    edit("nodes_event.csv", &|t| {
        t.replace("Entity;Event", "Entity;Meeting")
    });
    let err = load_err(&out);
    assert!(
        err.contains("nodes_event.csv:2") && err.contains("Meeting"),
        "{err}"
    );
    restore();
    edit("rels_based_in.csv", &|t| {
        t.replace(",BASED_IN,", ",LOCATED_IN,")
    });
    let err = load_err(&out);
    assert!(
        err.contains("rels_based_in.csv:2") && err.contains("LOCATED_IN"),
        "{err}"
    );
    restore();
    edit("rels_signed.csv", &|t| {
        t.replace("organization:most,", "organization:gone,")
    });
    let err = load_err(&out);
    assert!(
        err.contains("rels_signed.csv:") && err.contains("organization:gone"),
        "{err}"
    );
    restore();

    // A header without a required column.
    edit("nodes_country.csv", &|t| {
        t.replacen("id:ID(Entity)", "key:ID(Entity)", 1)
    });
    let err = load_err(&out);
    assert!(err.contains("nodes_country.csv:1"), "{err}");
    restore();

    // A duplicate id across files; a duplicate relation.
    edit("nodes_agreement.csv", &|t| {
        t + "person:long,Entity;Agreement,X,true,,,,,\n"
    });
    let err = load_err(&out);
    assert!(
        err.contains("nodes_agreement.csv:3") && err.contains("already defined"),
        "{err}"
    );
    restore();
    edit("rels_signed.csv", &|t| {
        let dup = t.lines().nth(1).unwrap().to_string();
        t + &dup + "\n"
    });
    let err = load_err(&out);
    assert!(
        err.contains("rels_signed.csv:4") && err.contains("already defined"),
        "{err}"
    );
    restore();

    // A corrupt or truncated evidence.jsonl.
    edit("evidence.jsonl", &|t| {
        t.replacen("{\"relation\"", "{\"relation", 1)
    });
    let err = load_err(&out);
    assert!(err.contains("evidence.jsonl:"), "{err}");
    restore();
    edit("evidence.jsonl", &|t| t[..t.len() - 3].to_string());
    let err = load_err(&out);
    assert!(
        err.contains("evidence.jsonl") && err.contains("truncated"),
        "{err}"
    );
    restore();

    // Not UTF-8.
    let mut bytes = std::fs::read(out.join("nodes_person.csv")).unwrap();
    bytes.extend_from_slice(b"person:zz,Entity;Person,\xff\xfe,true,,,,,\n");
    std::fs::write(out.join("nodes_person.csv"), bytes).unwrap();
    let err = load_err(&out);
    assert!(
        err.contains("nodes_person.csv") && err.contains("UTF-8"),
        "{err}"
    );
    restore();

    assert_same(&hostile_graph(), &export::load(&out).unwrap());
    assert!(load_err(&root.path().join("missing")).contains("not a folder"));
}

#[test]
fn load_prefers_hand_edited_csv_and_works_without_side_files() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    std::fs::remove_file(out.join("manifest.json")).unwrap();

    // A renamed organization: the CSV wins over evidence.jsonl.
    let path = out.join("nodes_organization.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Ministry of Science and Technology", "MOST (renamed)"),
    )
    .unwrap();
    let g = export::load(&out).unwrap();
    assert_eq!(
        g.entity("organization:most").unwrap().name,
        "MOST (renamed)"
    );
    // Untouched relations keep their exact evidence.
    let original = hostile_graph();
    assert_same_relations(&original, &g);

    // Without evidence.jsonl: one evidence entry per document, the first sentence on the first.
    std::fs::remove_file(out.join("evidence.jsonl")).unwrap();
    let g = export::load(&out).unwrap();
    assert_eq!(g.edge_count(), original.edge_count());
    let met = g
        .relations()
        .find(|r| r.rel_type == RelType::MetWith && &*r.source == "person:control")
        .unwrap();
    let docs: Vec<&str> = met.evidence.iter().map(|e| &*e.doc).collect();
    assert_eq!(docs, ["000_a.txt", "dir,with,semis/001.txt"]);
    assert_eq!(
        &*met.evidence.iter().next().unwrap().sentence,
        "On July 26, 2018, they met <in> Beijing & talked."
    );
}

fn assert_same_relations(a: &KnowledgeGraph, b: &KnowledgeGraph) {
    let ra: Vec<&Relation> = a.relations().collect();
    let rb: Vec<&Relation> = b.relations().collect();
    assert_eq!(ra, rb);
}

/// Writes the hostile sample for the shared checker:
/// `NEWSGRAPH_SAMPLE_OUT=/tmp/sample cargo test --test export_roundtrip -- --ignored`,
/// then `python3 check_exports.py /tmp/sample --db`.
#[test]
#[ignore]
fn write_sample_for_checker() {
    let out = std::env::var_os("NEWSGRAPH_SAMPLE_OUT").expect("set NEWSGRAPH_SAMPLE_OUT");
    export::write(&hostile_graph(), Path::new(&out), &ExportFormat::ALL).unwrap();
}

/// import.sh runs neo4j-admin from NEO4J_HOME (made absolute) inside the export folder, with
/// the database name first and every file present.
#[cfg(unix)]
#[test]
fn import_script_runs_neo4j_admin_with_every_file() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    let home = root.path().join("neo4j");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    let fake = home.join("bin/neo4j-admin");
    let log = root.path().join("args.log");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\npwd > '{log}'\nfor a in \"$@\"; do\n  case \"$a\" in --nodes=*|--relationships=*) test -f \"${{a#*=}}\" || echo MISSING \"$a\" >> '{log}';; esac\n  echo \"$a\" >> '{log}'\ndone\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let status = std::process::Command::new("sh")
        .arg(out.join("import.sh"))
        .env("NEO4J_HOME", "neo4j")
        .current_dir(root.path())
        .status()
        .unwrap();
    assert!(status.success());
    let logged = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = logged.lines().collect();
    assert_eq!(
        Path::new(lines[0]).canonicalize().unwrap(),
        out.canonicalize().unwrap()
    );
    assert_eq!(lines[1..5], ["database", "import", "full", "neo4j"]);
    assert!(!logged.contains("MISSING"), "{logged}");
    assert_eq!(logged.matches("--nodes=").count(), 5);
    assert_eq!(logged.matches("--relationships=").count(), 5);
    for opt in [
        "--delimiter=,",
        "--array-delimiter=;",
        "--quote=\"",
        "--id-type=string",
        "--multiline-fields=false",
    ] {
        assert!(lines.contains(&opt), "{opt} missing in {logged}");
    }
}

/// Every column the LOAD CSV scripts read exists in the file they read it from.
#[test]
fn load_scripts_only_read_existing_columns() {
    let root = tempfile::tempdir().unwrap();
    let out = write_hostile(root.path());
    for script in ["load.cypher", "load.falkordb.cypher"] {
        let text = std::fs::read_to_string(out.join(script)).unwrap();
        let code: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        let code = code.join("\n");
        let mut loads = 0;
        for stmt in code.split("LOAD CSV WITH HEADERS FROM 'file:///").skip(1) {
            loads += 1;
            let file = &stmt[..stmt.find('\'').unwrap()];
            let header = std::fs::read_to_string(out.join(file)).unwrap();
            let header: Vec<&str> = header.lines().next().unwrap().split(',').collect();
            let mut rest = stmt;
            while let Some(i) = rest.find("row.") {
                rest = &rest[i + 4..];
                let column = if let Some(r) = rest.strip_prefix('`') {
                    &r[..r.find('`').unwrap()]
                } else {
                    let end = rest
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap();
                    &rest[..end]
                };
                assert!(
                    header.contains(&column),
                    "{script}: {file} has no column {column}"
                );
            }
            assert!(!stmt.contains("person:"), "entity text in {script}");
        }
        assert_eq!(loads, 10);
    }
}
