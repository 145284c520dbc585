//! Query tests on hand-built graphs with known answers.

use super::index::QueryGraph;
use super::render::{self, PathReport, Style};
use super::*;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Evidence, Label, RelType, Relation};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeSet, HashSet};

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

fn rel(t: RelType, source: &str, target: &str, date: Option<&str>, docs: &[&str]) -> Relation {
    Relation {
        rel_type: t,
        source: source.into(),
        target: target.into(),
        title: None,
        date: date.map(str::to_owned),
        evidence: docs
            .iter()
            .enumerate()
            .map(|(i, d)| Evidence {
                doc: (*d).into(),
                start: i * 10,
                end: i * 10 + 9,
                sentence: format!("{source} {} {target} ({d}).", t.as_str()).into(),
                ..Evidence::default()
            })
            .collect(),
    }
}

/// The diplomacy graph: 15 entities (one isolated), 16 relations.
/// Index an in-memory graph.
fn qg(kg: KnowledgeGraph) -> QueryGraph {
    QueryGraph::new(kg).unwrap()
}

fn diplomacy() -> QueryGraph {
    use Label::*;
    use RelType::*;
    let mut entities = vec![
        ent(
            "person:cai-jianing",
            Person,
            "Cai Jianing",
            &["DDG Cai Jianing"],
            &["d1"],
        ),
        ent(
            "person:nicole-wong",
            Person,
            "Nicole Wong",
            &["DG Nicole Wong"],
            &["d1"],
        ),
        ent(
            "person:wang-zhigang",
            Person,
            "Wang Zhigang",
            &["Minister Wang Zhigang", "Wang"],
            &["d2", "d3", "d4"],
        ),
        ent("person:wang-yi", Person, "Wang Yi", &["Wang"], &["d5"]),
        ent(
            "person:jose-leon-velarde",
            Person,
            "José León-Velarde",
            &[],
            &["d3"],
        ),
        ent(
            "organization:most",
            Organization,
            "Ministry of Science and Technology",
            &["MOST"],
            &["d1", "d2"],
        ),
        ent(
            "organization:mfa-panama",
            Organization,
            "Ministry of Foreign Affairs of Panama",
            &["MFA"],
            &["d1"],
        ),
        ent(
            "organization:mfa-china",
            Organization,
            "Ministry of Foreign Affairs",
            &["MFA"],
            &["d5"],
        ),
        ent(
            "organization:government-of-panama",
            Organization,
            "Government of Panama",
            &["Panama"],
            &["d6"],
        ),
        ent(
            "country:china",
            Country,
            "China",
            &["People's Republic of China", "PRC"],
            &["d1", "d2", "d3", "d5"],
        ),
        ent("country:panama", Country, "Panama", &[], &["d1"]),
        ent("country:peru", Country, "Peru", &[], &["d3"]),
        ent(
            "agreement:st-cooperation",
            Agreement,
            "Agreement on Scientific and Technological Cooperation",
            &[],
            &["d3"],
        ),
        ent(
            "event:joint-committee",
            Event,
            "China-Peru Joint Committee on S&T Cooperation",
            &[],
            &["d3"],
        ),
        ent(
            "event:talks-cai-wong",
            Event,
            "Talks between Cai Jianing and Nicole Wong",
            &[],
            &["d1"],
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
            &["d1"],
        ),
        rel(
            AffiliatedWith,
            "person:cai-jianing",
            "organization:most",
            None,
            &["d1"],
        ),
        rel(
            AffiliatedWith,
            "person:nicole-wong",
            "organization:mfa-panama",
            None,
            &["d1"],
        ),
        rel(BasedIn, "organization:most", "country:china", None, &["d1"]),
        rel(
            BasedIn,
            "organization:mfa-panama",
            "country:panama",
            None,
            &["d1"],
        ),
        rel(
            Attended,
            "person:cai-jianing",
            "event:talks-cai-wong",
            None,
            &["d1"],
        ),
        rel(
            Attended,
            "person:nicole-wong",
            "event:talks-cai-wong",
            None,
            &["d1"],
        ),
        rel(
            AffiliatedWith,
            "person:wang-zhigang",
            "organization:most",
            None,
            &["d2", "d4"],
        ),
        rel(
            Signed,
            "country:china",
            "agreement:st-cooperation",
            Some("2019-05"),
            &["d3"],
        ),
        rel(
            Signed,
            "country:peru",
            "agreement:st-cooperation",
            None,
            &["d3"],
        ),
        rel(
            Attended,
            "person:wang-zhigang",
            "event:joint-committee",
            None,
            &["d3"],
        ),
        rel(
            Attended,
            "person:jose-leon-velarde",
            "event:joint-committee",
            None,
            &["d3"],
        ),
        rel(
            MetWith,
            "person:jose-leon-velarde",
            "person:wang-zhigang",
            Some("2019-05-10"),
            &["d3"],
        ),
        rel(
            AffiliatedWith,
            "person:wang-yi",
            "organization:mfa-china",
            None,
            &["d5"],
        ),
        rel(
            BasedIn,
            "organization:mfa-china",
            "country:china",
            None,
            &["d5"],
        ),
        rel(
            MetWith,
            "organization:most",
            "person:nicole-wong",
            None,
            &["d1"],
        ),
    ];
    relations[1].title = Some("Deputy Director General".into());
    relations[2].title = Some("Director General".into());
    relations[7].title = Some("Minister".into());
    let (kg, dropped) = KnowledgeGraph::new(entities, relations);
    assert!(dropped.is_empty());
    qg(kg)
}

fn ix(kg: &QueryGraph, id: &str) -> NodeIndex {
    kg.index_of(id).unwrap_or_else(|| panic!("no {id}"))
}

fn id_of(kg: &QueryGraph, n: NodeIndex) -> &str {
    kg.id(n)
}

fn path_ids(kg: &QueryGraph, p: &Path) -> Vec<String> {
    p.nodes()
        .into_iter()
        .map(|n| id_of(kg, n).to_owned())
        .collect()
}

/// Every hop is a real edge, read the way its direction says, and hops chain up.
fn assert_valid(kg: &QueryGraph, p: &Path, f: &Filters) {
    let mut at = p.start;
    let mut seen = HashSet::from([p.start]);
    for h in &p.hops {
        assert_eq!(h.from, at, "hops chain");
        assert!(h.edge.index() < kg.edge_count(), "a real edge");
        let (s, t) = kg.endpoints(h.edge);
        let r = kg.relation(h.edge).unwrap();
        match h.direction {
            Direction::Forward => assert_eq!((s, t), (h.from, h.to)),
            Direction::Backward => {
                assert_eq!((s, t), (h.to, h.from));
                assert!(!f.directed, "no backward hop in directed mode");
            }
            Direction::Undirected => {
                assert!(r.rel_type.is_symmetric());
                assert!((s, t) == (h.from, h.to) || (s, t) == (h.to, h.from));
            }
        }
        assert!(f.edge_ok(kg, h.edge), "every hop passes the edge filters");
        assert!(seen.insert(h.to), "simple path");
        at = h.to;
    }
    let nodes = p.nodes();
    for &n in &nodes[1..nodes.len().saturating_sub(1)] {
        assert!(f.node_ok(kg, n), "intermediate label allowed");
    }
    if let Some(m) = f.max_hops {
        assert!(p.len() <= m);
    }
}

// ---- names ----

#[test]
fn names_match_case_accents_punctuation_alias_acronym_and_id() {
    let kg = diplomacy();
    let r = |q: &str| id_of(&kg, resolve(&kg, q, false).unwrap()).to_owned();
    assert_eq!(r("cai jianing"), "person:cai-jianing");
    assert_eq!(r("  CAI   JIANING "), "person:cai-jianing");
    assert_eq!(r("Jose Leon Velarde"), "person:jose-leon-velarde");
    assert_eq!(r("josé león-velarde"), "person:jose-leon-velarde");
    assert_eq!(r("ddg cai jianing"), "person:cai-jianing", "alias");
    assert_eq!(r("most"), "organization:most", "acronym");
    assert_eq!(r("M.O.S.T."), "organization:most", "dotted acronym");
    assert_eq!(r("PRC"), "country:china");
    assert_eq!(
        r("People\u{2019}s Republic of China"),
        "country:china",
        "curly apostrophe"
    );
    assert_eq!(r("person:cai-jianing"), "person:cai-jianing", "node id");
    assert_eq!(r("event:talks-cai-wong"), "event:talks-cai-wong");
}

#[test]
fn canonical_name_beats_alias() {
    let kg = diplomacy();
    // "Panama" is the country's name and an alias of the government.
    let n = resolve(&kg, "panama", false).unwrap();
    assert_eq!(id_of(&kg, n), "country:panama");
}

#[test]
fn ambiguous_names_list_candidates_and_first_takes_the_best() {
    let kg = diplomacy();
    match resolve(&kg, "Wang", false) {
        Err(QueryError::Ambiguous { query, candidates }) => {
            assert_eq!(query, "Wang");
            let ids: Vec<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
            // Most documents first.
            assert_eq!(ids, ["person:wang-zhigang", "person:wang-yi"]);
            assert_eq!(candidates[0].docs, 3);
            assert_eq!(candidates[0].matched.as_deref(), Some("Wang"));
            assert_eq!(candidates[0].label, Label::Person);
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let n = resolve(&kg, "Wang", true).unwrap();
    assert_eq!(id_of(&kg, n), "person:wang-zhigang");
    let err = resolve(&kg, "mfa", false).unwrap_err();
    assert!(matches!(&err, QueryError::Ambiguous { candidates, .. } if candidates.len() == 2));
    let msg = err.to_string();
    assert!(msg.contains("ambiguous"), "{msg}");
    assert!(msg.contains("organization:mfa-panama"), "{msg}");
    assert!(
        msg.contains("Ministry of Foreign Affairs of Panama"),
        "{msg}"
    );
}

#[test]
fn unknown_names_get_suggestions() {
    let kg = diplomacy();
    match resolve(&kg, "Cai Jianning", false) {
        Err(QueryError::UnknownEntity { suggestions, .. }) => {
            assert_eq!(suggestions[0].id, "person:cai-jianing", "{suggestions:?}");
        }
        other => panic!("{other:?}"),
    }
    match resolve(&kg, "Nicole", false) {
        Err(QueryError::UnknownEntity { suggestions, .. }) => {
            assert_eq!(suggestions[0].id, "person:nicole-wong", "{suggestions:?}");
        }
        other => panic!("{other:?}"),
    }
    match resolve(&kg, "Peru Science Council", false) {
        Err(QueryError::UnknownEntity { suggestions, .. }) => {
            assert!(
                suggestions.iter().any(|c| c.id == "country:peru"),
                "{suggestions:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = resolve(&kg, "Zzyzx", false).unwrap_err();
    assert!(
        matches!(&err, QueryError::UnknownEntity { suggestions, .. } if suggestions.is_empty())
    );
    assert!(err.to_string().contains("no entity named \"Zzyzx\""));
    let err = resolve(&kg, "Cai Jianning", false).unwrap_err().to_string();
    assert!(
        err.contains("did you mean") && err.contains("Cai Jianing"),
        "{err}"
    );
    assert!(resolve(&kg, "--", false).is_err());
}

// ---- paths ----

#[test]
fn shortest_path_undirected_and_directed() {
    let kg = diplomacy();
    let (cai, panama) = (ix(&kg, "person:cai-jianing"), ix(&kg, "country:panama"));
    let f = Filters::default();
    let p = shortest_path(&kg, cai, panama, &f).unwrap();
    assert_valid(&kg, &p, &f);
    assert_eq!(
        path_ids(&kg, &p),
        [
            "person:cai-jianing",
            "person:nicole-wong",
            "organization:mfa-panama",
            "country:panama"
        ]
    );
    let types: Vec<RelType> = p.hops.iter().map(|h| kg.rel_type(h.edge)).collect();
    assert_eq!(
        types,
        [RelType::MetWith, RelType::AffiliatedWith, RelType::BasedIn]
    );
    let dirs: Vec<Direction> = p.hops.iter().map(|h| h.direction).collect();
    assert_eq!(
        dirs,
        [
            Direction::Undirected,
            Direction::Forward,
            Direction::Forward
        ]
    );

    // Reversed: same length undirected; nothing directed (Panama points nowhere).
    let back = shortest_path(&kg, panama, cai, &f).unwrap();
    assert_eq!(back.len(), 3);
    assert_eq!(back.hops[2].direction, Direction::Undirected);
    assert_eq!(back.hops[0].direction, Direction::Backward);
    let directed = Filters {
        directed: true,
        ..Filters::default()
    };
    let p = shortest_path(&kg, cai, panama, &directed).unwrap();
    assert_valid(&kg, &p, &directed);
    assert_eq!(p.len(), 3);
    assert!(shortest_path(&kg, panama, cai, &directed).is_none());
    // MET_WITH is symmetric even when directed: Wang Zhigang -> León-Velarde.
    let wang = ix(&kg, "person:wang-zhigang");
    let leon = ix(&kg, "person:jose-leon-velarde");
    assert_eq!(shortest_path(&kg, wang, leon, &directed).unwrap().len(), 1);
    // Same entity: an empty path.
    assert!(shortest_path(&kg, cai, cai, &f).unwrap().is_empty());
    // The isolated entity.
    let gov = ix(&kg, "organization:government-of-panama");
    assert!(shortest_path(&kg, cai, gov, &f).is_none());
}

#[test]
fn filters_on_types_labels_dates_and_hops() {
    let kg = diplomacy();
    let (cai, panama) = (ix(&kg, "person:cai-jianing"), ix(&kg, "country:panama"));
    let check = |f: &Filters| {
        let p = shortest_path(&kg, cai, panama, f);
        if let Some(p) = &p {
            assert_valid(&kg, p, f);
        }
        p.map(|p| path_ids(&kg, &p))
    };
    // not-via MET_WITH: through the talks event.
    let f = Filters {
        not_via: vec![RelType::MetWith],
        ..Filters::default()
    };
    assert_eq!(
        check(&f).unwrap(),
        [
            "person:cai-jianing",
            "event:talks-cai-wong",
            "person:nicole-wong",
            "organization:mfa-panama",
            "country:panama"
        ]
    );
    // via only affiliations and seats: no way to Panama.
    let f = Filters {
        via: vec![RelType::AffiliatedWith, RelType::BasedIn],
        ..Filters::default()
    };
    assert_eq!(check(&f), None);
    let f = Filters {
        via: vec![RelType::AffiliatedWith, RelType::BasedIn, RelType::MetWith],
        ..Filters::default()
    };
    assert_eq!(check(&f).unwrap().len(), 4);
    // through: intermediates must be organizations only -> none; persons too -> found.
    let f = Filters {
        through: vec![Label::Organization],
        ..Filters::default()
    };
    assert_eq!(check(&f), None);
    let f = Filters {
        through: vec![Label::Organization, Label::Person],
        ..Filters::default()
    };
    assert_eq!(check(&f).unwrap().len(), 4);
    // max hops.
    let hops = |m| Filters {
        max_hops: Some(m),
        ..Filters::default()
    };
    assert_eq!(check(&hops(2)), None);
    assert_eq!(check(&hops(3)).unwrap().len(), 4);

    // Dates: Cai met Wong on 2018-07-26.
    let wong = ix(&kg, "person:nicole-wong");
    let dated = |since: Option<&str>, until: Option<&str>, undated: bool| Filters {
        dates: DateRange {
            since: since.map(|s| PartialDate::parse(s).unwrap()),
            until: until.map(|s| PartialDate::parse(s).unwrap()),
            include_undated: undated,
        },
        ..Filters::default()
    };
    let len = |f: &Filters| shortest_path(&kg, cai, wong, f).map(|p| p.len());
    assert_eq!(
        len(&dated(Some("2018-07"), Some("2018-07"), false)),
        Some(1)
    );
    assert_eq!(len(&dated(None, Some("2018"), false)), Some(1));
    // After 2019 neither the meeting nor the (2018) talks event is in range, and the
    // MOST route is undated.
    assert_eq!(len(&dated(Some("2019"), None, false)), None);
    // ... unless undated edges are kept: Cai -> MOST -> Wong.
    assert_eq!(len(&dated(Some("2019"), None, true)), Some(2));
    // Not-via MET_WITH with a 2018 filter: the talks event's date stands in for its
    // undated ATTENDED edges.
    let mut f = dated(Some("2018-01-01"), Some("2018-12-31"), false);
    f.not_via = vec![RelType::MetWith];
    let p = shortest_path(&kg, cai, wong, &f).unwrap();
    assert_valid(&kg, &p, &f);
    assert_eq!(path_ids(&kg, &p)[1], "event:talks-cai-wong");
    // Undated edges pass when there is no date filter.
    let most = ix(&kg, "organization:most");
    assert!(shortest_path(&kg, cai, most, &Filters::default()).is_some());
    assert!(shortest_path(&kg, cai, most, &dated(Some("2000"), None, false)).is_none());
}

#[test]
fn all_shortest_and_k_shortest_on_the_diplomacy_graph() {
    let kg = diplomacy();
    let (cai, wong) = (ix(&kg, "person:cai-jianing"), ix(&kg, "person:nicole-wong"));
    let f = Filters::default();
    // One direct meeting.
    let all = all_shortest_paths(&kg, cai, wong, &f, 100);
    assert_eq!(all.total, 1);
    // Next: via MOST and via the talks (2 hops each).
    let k = k_shortest_paths(&kg, cai, wong, &f, 3);
    let lens: Vec<usize> = k.iter().map(Path::len).collect();
    assert_eq!(lens, [1, 2, 2]);
    let mids: BTreeSet<String> = k[1..].iter().map(|p| path_ids(&kg, p)[1].clone()).collect();
    assert_eq!(
        mids,
        BTreeSet::from([
            "event:talks-cai-wong".to_owned(),
            "organization:most".to_owned()
        ])
    );
    for p in &k {
        assert_valid(&kg, p, &f);
    }
}

/// a-b-d, a-c-d, a-b-c-d, a-c-b-d, a-e-f-d: five simple paths from a to d.
fn ladder() -> QueryGraph {
    let names = ["a", "b", "c", "d", "e", "f"];
    let entities = names
        .iter()
        .map(|n| {
            ent(
                &format!("person:{n}"),
                Label::Person,
                &n.to_uppercase(),
                &[],
                &["d"],
            )
        })
        .collect();
    let edges = [
        ("a", "b"),
        ("b", "d"),
        ("a", "c"),
        ("c", "d"),
        ("b", "c"),
        ("a", "e"),
        ("e", "f"),
        ("d", "f"),
    ];
    let relations = edges
        .iter()
        .map(|(x, y)| {
            rel(
                RelType::MetWith,
                &format!("person:{x}"),
                &format!("person:{y}"),
                None,
                &["d"],
            )
        })
        .collect();
    qg(KnowledgeGraph::new(entities, relations).0)
}

#[test]
fn all_shortest_paths_known_answer() {
    let kg = ladder();
    let (a, d) = (ix(&kg, "person:a"), ix(&kg, "person:d"));
    let f = Filters::default();
    let all = all_shortest_paths(&kg, a, d, &f, 100);
    assert_eq!(all.total, 2);
    let got: Vec<Vec<String>> = all.paths.iter().map(|p| path_ids(&kg, p)).collect();
    assert_eq!(
        got,
        [
            ["person:a", "person:b", "person:d"],
            ["person:a", "person:c", "person:d"]
        ]
    );
    let capped = all_shortest_paths(&kg, a, d, &f, 1);
    assert_eq!((capped.paths.len(), capped.total), (1, 2));
    let set = find_paths(&kg, a, d, &f, PathMode::All { limit: 10 });
    assert_eq!(set.paths.len(), 2);
    // Max hops 1: nothing.
    let short = Filters {
        max_hops: Some(1),
        ..Filters::default()
    };
    assert_eq!(all_shortest_paths(&kg, a, d, &short, 10).total, 0);
}

#[test]
fn yen_known_answer() {
    let kg = ladder();
    let (a, d) = (ix(&kg, "person:a"), ix(&kg, "person:d"));
    let f = Filters::default();
    let got: Vec<Vec<String>> = k_shortest_paths(&kg, a, d, &f, 10)
        .iter()
        .map(|p| path_ids(&kg, p))
        .collect();
    let want: Vec<Vec<&str>> = vec![
        vec!["person:a", "person:b", "person:d"],
        vec!["person:a", "person:c", "person:d"],
        vec!["person:a", "person:b", "person:c", "person:d"],
        vec!["person:a", "person:c", "person:b", "person:d"],
        vec!["person:a", "person:e", "person:f", "person:d"],
    ];
    assert_eq!(got, want);
    assert_eq!(k_shortest_paths(&kg, a, d, &f, 3).len(), 3);
    assert_eq!(k_shortest_paths(&kg, a, d, &f, 0).len(), 0);
    // Max hops 2 keeps the two short ones.
    let short = Filters {
        max_hops: Some(2),
        ..Filters::default()
    };
    assert_eq!(k_shortest_paths(&kg, a, d, &short, 10).len(), 2);
    // Intermediates must be organizations: there are none.
    let no_e = Filters {
        through: vec![Label::Organization],
        ..Filters::default()
    };
    assert!(k_shortest_paths(&kg, a, d, &no_e, 10).is_empty());
}

/// All simple paths (as edge sequences) by exhaustive search.
fn brute_force(kg: &QueryGraph, s: NodeIndex, t: NodeIndex, f: &Filters) -> Vec<Vec<usize>> {
    let adj = super::paths::Adjacency::new(kg, f);
    let mut out = Vec::new();
    struct Walk<'a> {
        kg: &'a QueryGraph,
        f: &'a Filters,
        adj: super::paths::Adjacency<'a>,
        t: NodeIndex,
    }
    fn go(
        w: &Walk,
        u: NodeIndex,
        on: &mut Vec<NodeIndex>,
        edges: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if u == w.t {
            out.push(edges.clone());
            return;
        }
        if w.f.max_hops.is_some_and(|m| edges.len() >= m) {
            return;
        }
        for (v, e, _) in w.adj.around(u) {
            if on.contains(&v) || (v != w.t && !w.f.node_ok(w.kg, v)) {
                continue;
            }
            on.push(v);
            edges.push(e.index());
            go(w, v, on, edges, out);
            edges.pop();
            on.pop();
        }
    }
    let walk = Walk { kg, f, adj, t };
    go(&walk, s, &mut vec![s], &mut Vec::new(), &mut out);
    out
}

#[test]
fn yen_matches_brute_force_on_a_multigraph() {
    // A pseudo-random graph of persons and organizations, with parallel edges of different
    // types between a person and an organization.
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut entities = Vec::new();
    for i in 0..9 {
        let label = if i % 3 == 0 {
            Label::Organization
        } else {
            Label::Person
        };
        entities.push(ent(&format!("n:{i}"), label, &format!("N{i}"), &[], &["d"]));
    }
    let mut relations = Vec::new();
    let mut pairs = HashSet::new();
    while relations.len() < 16 {
        let (x, y) = (next(9), next(9));
        if x == y {
            continue;
        }
        let (x, y) = (x.min(y), x.max(y));
        let org = |i: u64| i % 3 == 0;
        let t = if !org(x) && org(y) && next(2) == 0 {
            RelType::AffiliatedWith
        } else {
            RelType::MetWith
        };
        if pairs.insert((x, y, t)) {
            relations.push(rel(t, &format!("n:{x}"), &format!("n:{y}"), None, &["d"]));
        }
    }
    let kg = qg(KnowledgeGraph::new(entities, relations).0);
    let variants = [
        Filters::default(),
        Filters {
            directed: true,
            ..Filters::default()
        },
        Filters {
            through: vec![Label::Person],
            ..Filters::default()
        },
        Filters {
            max_hops: Some(3),
            not_via: vec![RelType::AffiliatedWith],
            ..Filters::default()
        },
        Filters {
            directed: true,
            through: vec![Label::Person],
            max_hops: Some(4),
            ..Filters::default()
        },
    ];
    for f in &variants {
        for s in kg.nodes() {
            for t in kg.nodes() {
                if s == t {
                    continue;
                }
                let mut all = brute_force(&kg, s, t, f);
                all.sort_by_key(Vec::len);
                let k = 6;
                let yen = k_shortest_paths(&kg, s, t, f, k);
                assert_eq!(yen.len(), all.len().min(k), "{s:?}->{t:?}");
                let yen_lens: Vec<usize> = yen.iter().map(Path::len).collect();
                let want: Vec<usize> = all.iter().take(k).map(Vec::len).collect();
                assert_eq!(yen_lens, want, "{s:?}->{t:?} {f:?}");
                let distinct: HashSet<Vec<usize>> = yen
                    .iter()
                    .map(|p| p.hops.iter().map(|h| h.edge.index()).collect())
                    .collect();
                assert_eq!(distinct.len(), yen.len());
                for p in &yen {
                    assert_valid(&kg, p, f);
                    assert_eq!((p.start, p.end()), (s, t));
                }
                // All shortest = the brute-force paths of minimal length.
                let shortest = all.first().map_or(0, Vec::len);
                let n_short = all.iter().filter(|p| p.len() == shortest).count();
                let set = all_shortest_paths(&kg, s, t, f, 1000);
                assert_eq!(set.total as usize, n_short);
                assert_eq!(set.paths.len(), n_short);
            }
        }
    }
}

// ---- find, neighbors, show, stats ----

#[test]
fn find_ranks_exact_prefix_token_substring() {
    let kg = diplomacy();
    let hits = |q: &str| -> Vec<(String, MatchKind)> {
        find(&kg, q, &[])
            .unwrap()
            .into_iter()
            .map(|h| (id_of(&kg, h.node).to_owned(), h.kind))
            .collect()
    };
    // Exact alias for both; more documents first.
    assert_eq!(
        hits("wang"),
        [
            ("person:wang-zhigang".to_owned(), MatchKind::Exact),
            ("person:wang-yi".to_owned(), MatchKind::Exact)
        ]
    );
    // Prefix beats token.
    assert_eq!(
        hits("CAI"),
        [
            ("person:cai-jianing".to_owned(), MatchKind::Prefix),
            ("event:talks-cai-wong".to_owned(), MatchKind::Token)
        ]
    );
    // Substring; equal documents -> by name.
    assert_eq!(
        hits("jian"),
        [
            ("person:cai-jianing".to_owned(), MatchKind::Substring),
            ("event:talks-cai-wong".to_owned(), MatchKind::Substring)
        ]
    );
    // Token match in any order, accents ignored.
    assert_eq!(
        hits("velarde leon")[0],
        ("person:jose-leon-velarde".to_owned(), MatchKind::Token)
    );
    // Prefix: the three ministries, most documents first.
    let m = hits("ministry");
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].0, "organization:most");
    assert!(m.iter().all(|(_, k)| *k == MatchKind::Prefix));
    // Ids and label filter.
    assert_eq!(hits("country:peru")[0].1, MatchKind::Exact);
    let only = find(&kg, "panama", &[Label::Organization]).unwrap();
    assert_eq!(only.len(), 2);
    assert_eq!(
        id_of(&kg, only[0].node),
        "organization:government-of-panama"
    );
    assert_eq!(only[0].matched, "Panama");
    assert!(find(&kg, "qqq", &[]).unwrap().is_empty());
    assert!(matches!(
        find(&kg, " ,. ", &[]),
        Err(QueryError::BadArgument(_))
    ));
}

#[test]
fn neighbors_by_depth_and_type() {
    let kg = diplomacy();
    let cai = ix(&kg, "person:cai-jianing");
    let ids = |list: &[Neighbor]| -> Vec<(usize, String)> {
        list.iter()
            .map(|n| (n.depth, id_of(&kg, n.node).to_owned()))
            .collect()
    };
    let one = neighbors(&kg, cai, 1, &Filters::default());
    assert_eq!(
        ids(&one),
        [
            (1, "organization:most".to_owned()),
            (1, "person:nicole-wong".to_owned()),
            (1, "event:talks-cai-wong".to_owned())
        ],
        "by name: Ministry..., Nicole..., Talks..."
    );
    let two = neighbors(&kg, cai, 2, &Filters::default());
    let d2: BTreeSet<String> = two
        .iter()
        .filter(|n| n.depth == 2)
        .map(|n| id_of(&kg, n.node).to_owned())
        .collect();
    assert_eq!(
        d2,
        [
            "country:china",
            "organization:mfa-panama",
            "person:wang-zhigang"
        ]
        .map(String::from)
        .into()
    );
    // Every via hop comes from the previous layer.
    for n in &two {
        for h in &n.via {
            assert_eq!(h.to, n.node);
            let from_depth = if h.from == cai {
                0
            } else {
                two.iter().find(|m| m.node == h.from).unwrap().depth
            };
            assert_eq!(from_depth + 1, n.depth);
        }
    }
    // Nicole Wong is reached from Cai once at depth 1 (MET_WITH).
    let wong = one
        .iter()
        .find(|n| id_of(&kg, n.node) == "person:nicole-wong")
        .unwrap();
    assert_eq!(wong.via.len(), 1);
    let met = Filters {
        via: vec![RelType::MetWith],
        ..Filters::default()
    };
    assert_eq!(
        ids(&neighbors(&kg, cai, 3, &met)),
        [
            (1, "person:nicole-wong".to_owned()),
            (2, "organization:most".to_owned())
        ]
    );
    let persons = Filters {
        through: vec![Label::Person],
        ..Filters::default()
    };
    assert_eq!(
        ids(&neighbors(&kg, cai, 5, &persons)),
        [(1, "person:nicole-wong".to_owned())]
    );
}

#[test]
fn entity_edges_are_grouped_by_type() {
    let kg = diplomacy();
    let wong = ix(&kg, "person:nicole-wong");
    let edges = entity_edges(&kg, wong);
    let got: Vec<(RelType, Direction, String)> = edges
        .iter()
        .map(|e| {
            (
                kg.rel_type(e.edge),
                e.direction,
                id_of(&kg, e.other).to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                RelType::MetWith,
                Direction::Undirected,
                "person:cai-jianing".to_owned()
            ),
            (
                RelType::MetWith,
                Direction::Undirected,
                "organization:most".to_owned()
            ),
            (
                RelType::Attended,
                Direction::Forward,
                "event:talks-cai-wong".to_owned()
            ),
            (
                RelType::AffiliatedWith,
                Direction::Forward,
                "organization:mfa-panama".to_owned()
            ),
        ]
    );
    let china = ix(&kg, "country:china");
    assert!(entity_edges(&kg, china)
        .iter()
        .filter(|e| kg.rel_type(e.edge) == RelType::BasedIn)
        .all(|e| e.direction == Direction::Backward));
}

#[test]
fn stats_numbers() {
    let kg = diplomacy();
    let s = stats(&kg);
    assert_eq!((s.nodes, s.edges, s.documents), (15, 16, 6));
    assert_eq!(
        s.labels,
        [
            (Label::Person, 5),
            (Label::Organization, 4),
            (Label::Country, 3),
            (Label::Agreement, 1),
            (Label::Event, 2)
        ]
    );
    assert_eq!(
        s.types,
        [
            (RelType::MetWith, 3),
            (RelType::Signed, 2),
            (RelType::Attended, 4),
            (RelType::AffiliatedWith, 4),
            (RelType::BasedIn, 3)
        ]
    );
    let top: Vec<(&str, usize)> = s
        .top_degree
        .iter()
        .map(|&(n, d)| (id_of(&kg, n), d))
        .collect();
    assert_eq!(top.len(), 10);
    assert_eq!(
        top[..5],
        [
            ("organization:most", 4),
            ("person:nicole-wong", 4),
            ("country:china", 3),
            ("person:cai-jianing", 3),
            ("person:wang-zhigang", 3)
        ]
    );
    assert_eq!((s.components, s.largest_component), (2, 14));
    let empty = stats(&qg(KnowledgeGraph::default()));
    assert_eq!(
        (empty.components, empty.largest_component, empty.nodes),
        (0, 0, 0)
    );
}

// ---- rendering ----

fn rendered(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    f(&mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn path_renderings() {
    let kg = diplomacy();
    let (cai, panama) = (ix(&kg, "person:cai-jianing"), ix(&kg, "country:panama"));
    let filters = Filters::default();
    let set = find_paths(&kg, cai, panama, &filters, PathMode::Shortest);
    let rep = PathReport {
        kg: &kg,
        from: cai,
        to: panama,
        set: &set,
        mode: PathMode::Shortest,
        filters: &filters,
        evidence: 1,
    };
    let text = rendered(|w| render::path_text(w, &rep, Style::default()));
    assert!(
        text.starts_with("Cai Jianing (Person) → Panama (Country): 3 hops"),
        "{text}"
    );
    assert!(text.contains("-[MET_WITH]-  2018-07-26  [d1]"), "{text}");
    assert!(
        text.contains("-[AFFILIATED_WITH]->  title: Director General  [d1]"),
        "{text}"
    );
    assert!(
        text.contains("\"person:cai-jianing MET_WITH person:nicole-wong (d1).\""),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour by default");
    let coloured = rendered(|w| render::path_text(w, &rep, Style { color: true }));
    assert!(coloured.contains("\x1b[1;36mCai Jianing"));

    let json: serde_json::Value =
        serde_json::from_str(&rendered(|w| render::path_json(w, &rep))).unwrap();
    assert_eq!(json["from"]["id"], "person:cai-jianing");
    assert_eq!(json["to"]["label"], "Country");
    assert_eq!(json["mode"], "shortest");
    assert_eq!(json["total"], 1);
    let hop = &json["paths"][0]["hops"][1];
    assert_eq!(hop["type"], "AFFILIATED_WITH");
    assert_eq!(hop["direction"], "forward");
    assert_eq!(hop["from"]["id"], "person:nicole-wong");
    assert_eq!(hop["title"], "Director General");
    assert_eq!(hop["date"], serde_json::Value::Null);
    assert_eq!(hop["docs"], serde_json::json!(["d1"]));
    assert_eq!(hop["evidence"][0]["doc"], "d1");
    assert_eq!(hop["evidence_total"], 1);
    assert_eq!(json["paths"][0]["nodes"].as_array().unwrap().len(), 4);

    let dot = rendered(|w| render::path_dot(w, &rep));
    assert!(dot.starts_with("digraph newsgraph {"));
    assert!(dot.contains("\"person:cai-jianing\" -> \"person:nicole-wong\" [label=\"MET_WITH\\n2018-07-26\", dir=none];"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
}

#[test]
fn evidence_is_capped_and_docs_listed() {
    let kg = diplomacy();
    let wang = ix(&kg, "person:wang-zhigang");
    let text = rendered(|w| render::show_text(w, &kg, wang, 1, Style::default()));
    assert!(text.contains("Wang Zhigang  (Person)"), "{text}");
    assert!(
        text.contains("aliases:   Minister Wang Zhigang, Wang"),
        "{text}"
    );
    assert!(text.contains("AFFILIATED_WITH (1)"), "{text}");
    assert!(text.contains("title: Minister  [d2, d4]"), "{text}");
    assert!(
        text.contains("(+1 more sentence; --evidence 0 shows all)"),
        "{text}"
    );
    let all = rendered(|w| render::show_text(w, &kg, wang, 0, Style::default()));
    assert!(
        all.contains("(d4)") && !all.contains("more sentence"),
        "{all}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&rendered(|w| render::show_json(w, &kg, wang, 1))).unwrap();
    assert_eq!(json["entity"]["id"], "person:wang-zhigang");
    assert_eq!(json["degree"], 3);
    let aff = json["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == "AFFILIATED_WITH")
        .unwrap();
    assert_eq!(aff["evidence"].as_array().unwrap().len(), 1);
    assert_eq!(aff["evidence_total"], 2);
    assert_eq!(aff["docs"], serde_json::json!(["d2", "d4"]));
}

#[test]
fn dot_escaping() {
    assert_eq!(render::dot_escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    assert_eq!(render::dot_escape("x\ny"), "x\\ny");
}

#[test]
fn other_renderings_parse() {
    let kg = diplomacy();
    let cai = ix(&kg, "person:cai-jianing");
    let list = neighbors(&kg, cai, 2, &Filters::default());
    let v: serde_json::Value =
        serde_json::from_str(&rendered(|w| render::neighbors_json(w, &kg, cai, 2, &list))).unwrap();
    assert_eq!(v["total"], 6);
    assert_eq!(
        v["neighbors"][0]["via"][0]["from"]["id"],
        "person:cai-jianing"
    );
    let text = rendered(|w| render::neighbors_text(w, &kg, cai, 2, &list, Style::default()));
    assert!(text.contains("6 neighbors within 2 hops"), "{text}");
    assert!(text.contains("Nicole Wong -[AFFILIATED_WITH]->"), "{text}");
    let dot = rendered(|w| render::neighbors_dot(w, &kg, cai, &list));
    assert!(dot.starts_with("digraph"));
    let hits = find(&kg, "wang", &[]).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&rendered(|w| render::find_json(w, &kg, "wang", &hits, 1))).unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    assert_eq!(v["results"][0]["match"], "exact");
    let text = rendered(|w| render::find_text(w, &kg, &hits, 0, Style::default()));
    assert!(text.contains("(as \"Wang\")"), "{text}");
    let s = stats(&kg);
    let v: serde_json::Value =
        serde_json::from_str(&rendered(|w| render::stats_json(w, &kg, &s))).unwrap();
    assert_eq!(v["labels"]["Person"], 5);
    assert_eq!(v["types"]["MET_WITH"], 3);
    assert_eq!(v["components"], 2);
    assert_eq!(v["top_degree"][0]["degree"], 4);
    let text = rendered(|w| render::stats_text(w, &kg, &s, Style::default()));
    assert!(
        text.contains("components         2  (largest: 14 entities)"),
        "{text}"
    );
}
