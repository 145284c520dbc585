use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::*;
use newsgraph::query::*;
use std::time::Instant;
#[test]
fn perf() {
    let n = 200_000usize;
    let mut seed: u64 = 7;
    let mut next = move |m: u64| { seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (seed >> 33) % m };
    let ents: Vec<Entity> = (0..n).map(|i| Entity { id: format!("person:p{i:07}"), label: if i % 5 == 0 { Label::Organization } else { Label::Person }, name: format!("Name{} Surname{}", i, i % 977), named: true, aliases: [format!("Alias {i}")].into_iter().collect(), sources: ["d".to_string()].into_iter().collect(), country: None, date: None, place: None }).collect();
    let mut rels = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while rels.len() < 600_000 {
        let (a, b) = (next(n as u64) as usize, next(n as u64) as usize);
        if a == b { continue }
        let (a, b) = (a.min(b), a.max(b));
        if !seen.insert((a, b)) { continue }
        rels.push(Relation { rel_type: RelType::MetWith, source: format!("person:p{a:07}"), target: format!("person:p{b:07}"), title: None, date: Some("2019-01-01".into()), evidence: [Evidence { doc: "d".into(), start: 0, end: 1, sentence: "s".into() }].into_iter().collect() });
    }
    let t = Instant::now();
    let (kg, _) = KnowledgeGraph::new(ents, rels);
    eprintln!("build {:?}", t.elapsed());
    let t = Instant::now();
    let a = resolve(&kg, "Name12345 Surname", false);
    eprintln!("resolve unknown {:?} {:?}", t.elapsed(), a.err().map(|e| e.to_string().len()));
    let t = Instant::now();
    let s = resolve(&kg, "name10 surname10", false).unwrap();
    let e = resolve(&kg, "alias 199999", false).unwrap();
    eprintln!("resolve x2 {:?}", t.elapsed());
    let f = Filters::default();
    let t = Instant::now();
    let p = shortest_path(&kg, s, e, &f);
    eprintln!("shortest {:?} len {:?}", t.elapsed(), p.map(|p| p.len()));
    let t = Instant::now();
    let all = all_shortest_paths(&kg, s, e, &f, 100);
    eprintln!("all {:?} total {}", t.elapsed(), all.total);
    let t = Instant::now();
    let k = k_shortest_paths(&kg, s, e, &f, 10);
    eprintln!("yen10 {:?} {:?}", t.elapsed(), k.iter().map(|p| p.len()).collect::<Vec<_>>());
    let t = Instant::now();
    let hits = find(&kg, "surname5", &[]).unwrap();
    eprintln!("find {:?} {}", t.elapsed(), hits.len());
    let t = Instant::now();
    let st = stats(&kg);
    eprintln!("stats {:?} {}", t.elapsed(), st.components);
    let t = Instant::now();
    let nb = neighbors(&kg, s, 2, &f);
    eprintln!("neighbors2 {:?} {}", t.elapsed(), nb.len());
    let f2 = Filters { dates: DateRange { since: PartialDate::parse("2018"), until: None, include_undated: false }, ..Filters::default() };
    let t = Instant::now();
    let p = shortest_path(&kg, s, e, &f2);
    eprintln!("shortest dated {:?} {:?}", t.elapsed(), p.map(|p| p.len()));
}
