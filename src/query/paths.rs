//! Paths between two entities: BFS shortest path, all shortest paths, Yen's k shortest
//! simple paths, under edge and node filters.

use super::dates::DateRange;
use super::index::QueryGraph;
use crate::model::{Label, RelType};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How a hop (or an edge seen from one of its ends) relates to the stored relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Read from the relation's source to its target.
    Forward,
    /// Read from the relation's target back to its source.
    Backward,
    /// A symmetric relation (`MET_WITH`).
    Undirected,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
            Direction::Undirected => "undirected",
        }
    }
}

/// One step of a path: an edge of the graph, read from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hop {
    pub edge: EdgeIndex,
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub direction: Direction,
}

/// A simple path: `hops[i].to == hops[i + 1].from`, starting at `start`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    pub start: NodeIndex,
    pub hops: Vec<Hop>,
}

impl Path {
    /// Number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// A path from an entity to itself.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The entities along the path, `len() + 1` of them.
    pub fn nodes(&self) -> Vec<NodeIndex> {
        std::iter::once(self.start)
            .chain(self.hops.iter().map(|h| h.to))
            .collect()
    }

    pub fn end(&self) -> NodeIndex {
        self.hops.last().map_or(self.start, |h| h.to)
    }

    fn sort_key(&self) -> (usize, Vec<NodeIndex>, Vec<EdgeIndex>) {
        (
            self.len(),
            self.nodes(),
            self.hops.iter().map(|h| h.edge).collect(),
        )
    }
}

/// Which edges and entities a search may use. `Default` is: undirected, everything allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Follow edges only from source to target (`MET_WITH` is followed both ways anyway).
    pub directed: bool,
    /// Only these relation types (empty: all).
    pub via: Vec<RelType>,
    /// Never these relation types.
    pub not_via: Vec<RelType>,
    /// Labels allowed for intermediate entities (empty: all). Path ends are exempt; in a
    /// neighbourhood, the labels of the neighbours listed and walked through.
    pub through: Vec<Label>,
    /// Date filter on edges (see the module docs for undated edges).
    pub dates: DateRange,
    /// The longest path, or the deepest neighbourhood, considered.
    pub max_hops: Option<usize>,
}

impl Filters {
    /// Can this edge be used at all?
    pub fn edge_ok(&self, kg: &QueryGraph, e: EdgeIndex) -> bool {
        let t = kg.rel_type(e);
        if !self.via.is_empty() && !self.via.contains(&t) {
            return false;
        }
        if self.not_via.contains(&t) {
            return false;
        }
        if self.dates.is_open() {
            return true;
        }
        match kg.rel_date(e) {
            Some(d) if super::PartialDate::parse(d).is_some() => self.dates.admits([d]),
            _ => {
                let (a, b) = kg.endpoints(e);
                self.dates
                    .admits([a, b].into_iter().filter_map(|n| kg.date(n)))
            }
        }
    }

    /// May a path go through this entity (not one of its ends)?
    pub fn node_ok(&self, kg: &QueryGraph, n: NodeIndex) -> bool {
        self.through.is_empty() || self.through.contains(&kg.label(n))
    }
}

/// The usable hops around each node: the graph's incidence lists seen through the filters
/// (edge types and dates, direction), so a query touches only the nodes it visits.
pub(crate) struct Adjacency<'a> {
    kg: &'a QueryGraph,
    f: &'a Filters,
}

impl Direction {
    /// The same edge read the other way.
    fn flip(self) -> Direction {
        match self {
            Direction::Forward => Direction::Backward,
            Direction::Backward => Direction::Forward,
            Direction::Undirected => Direction::Undirected,
        }
    }
}

impl<'a> Adjacency<'a> {
    pub(crate) fn new(kg: &'a QueryGraph, f: &'a Filters) -> Self {
        Adjacency { kg, f }
    }

    /// The hops leaving `n`: (other end, edge, direction read from `n`), by other end then
    /// edge. Self-loops never.
    pub(crate) fn around(
        &self,
        n: NodeIndex,
    ) -> impl Iterator<Item = (NodeIndex, EdgeIndex, Direction)> + 'a {
        let (kg, f) = (self.kg, self.f);
        kg.incident(n).filter(move |&(o, e, d)| {
            o != n && !(f.directed && d == Direction::Backward) && f.edge_ok(kg, e)
        })
    }

    /// The hops entering `n`: (other end, edge, direction read from the other end to `n`).
    fn entering(
        &self,
        n: NodeIndex,
    ) -> impl Iterator<Item = (NodeIndex, EdgeIndex, Direction)> + 'a {
        let (kg, f) = (self.kg, self.f);
        kg.incident(n).filter_map(move |(o, e, d)| {
            let usable = o != n && !(f.directed && d == Direction::Forward) && f.edge_ok(kg, e);
            usable.then(|| (o, e, d.flip()))
        })
    }
}

struct Search<'a> {
    kg: &'a QueryGraph,
    f: &'a Filters,
    adj: Adjacency<'a>,
}

impl<'a> Search<'a> {
    fn new(kg: &'a QueryGraph, f: &'a Filters) -> Self {
        Search {
            kg,
            f,
            adj: Adjacency::new(kg, f),
        }
    }

    /// Shortest path from `s` to `t` in at most `max_hops` hops, avoiding the banned nodes
    /// and edges: a bidirectional breadth-first search that grows, one whole layer at a
    /// time, the side with the smaller frontier. Among the meetings of the layer where the
    /// two sides first meet, the shortest wins (ties: first found).
    fn bfs(
        &self,
        s: NodeIndex,
        t: NodeIndex,
        max_hops: Option<usize>,
        banned_nodes: &HashSet<NodeIndex>,
        banned_edges: &HashSet<EdgeIndex>,
    ) -> Option<Vec<Hop>> {
        if s == t {
            return Some(Vec::new());
        }
        // node -> (depth from its side's root, the hop that reached it). Forward hops read
        // parent -> node; backward hops read node -> child (toward t), i.e. in path order.
        let mut fwd: HashMap<NodeIndex, (usize, Option<Hop>)> = HashMap::from([(s, (0, None))]);
        let mut bwd: HashMap<NodeIndex, (usize, Option<Hop>)> = HashMap::from([(t, (0, None))]);
        let (mut ff, mut bf) = (vec![s], vec![t]);
        let (mut df, mut db) = (0usize, 0usize);
        let usable = |v: NodeIndex, e: EdgeIndex, root: NodeIndex| {
            !banned_edges.contains(&e)
                && !banned_nodes.contains(&v)
                && (v == root || self.f.node_ok(self.kg, v))
        };
        loop {
            if ff.is_empty() || bf.is_empty() || max_hops.is_some_and(|m| df + db >= m) {
                return None;
            }
            // (total length, meeting node); first found wins ties.
            let mut best: Option<(usize, NodeIndex)> = None;
            let mut next = Vec::new();
            if ff.len() <= bf.len() {
                df += 1;
                for &u in &ff {
                    for (v, e, direction) in self.adj.around(u) {
                        if fwd.contains_key(&v) || !usable(v, e, t) {
                            continue;
                        }
                        let hop = Hop {
                            edge: e,
                            from: u,
                            to: v,
                            direction,
                        };
                        fwd.insert(v, (df, Some(hop)));
                        if let Some(&(dv, _)) = bwd.get(&v) {
                            if best.is_none_or(|(b, _)| df + dv < b) {
                                best = Some((df + dv, v));
                            }
                        } else {
                            next.push(v);
                        }
                    }
                }
                ff = next;
            } else {
                db += 1;
                for &u in &bf {
                    for (v, e, direction) in self.adj.entering(u) {
                        if bwd.contains_key(&v) || !usable(v, e, s) {
                            continue;
                        }
                        let hop = Hop {
                            edge: e,
                            from: v,
                            to: u,
                            direction,
                        };
                        bwd.insert(v, (db, Some(hop)));
                        if let Some(&(dv, _)) = fwd.get(&v) {
                            if best.is_none_or(|(b, _)| db + dv < b) {
                                best = Some((db + dv, v));
                            }
                        } else {
                            next.push(v);
                        }
                    }
                }
                bf = next;
            }
            if let Some((_, meet)) = best {
                let mut hops = Vec::new();
                let mut cur = meet;
                while let Some(h) = fwd[&cur].1 {
                    hops.push(h);
                    cur = h.from;
                }
                hops.reverse();
                let mut cur = meet;
                while let Some(h) = bwd[&cur].1 {
                    hops.push(h);
                    cur = h.to;
                }
                return Some(hops);
            }
        }
    }

    fn shortest(&self, s: NodeIndex, t: NodeIndex) -> Option<Path> {
        self.bfs(s, t, self.f.max_hops, &HashSet::new(), &HashSet::new())
            .map(|hops| Path { start: s, hops })
    }

    fn all_shortest(&self, s: NodeIndex, t: NodeIndex, limit: usize) -> PathSet {
        if s == t {
            return PathSet {
                paths: vec![Path {
                    start: s,
                    hops: Vec::new(),
                }],
                total: 1,
            };
        }
        let mut dist: HashMap<NodeIndex, usize> = HashMap::from([(s, 0)]);
        let mut count: HashMap<NodeIndex, u64> = HashMap::from([(s, 1)]);
        let mut preds: HashMap<NodeIndex, Vec<Hop>> = HashMap::new();
        let mut frontier = vec![s];
        let mut depth = 0;
        while !frontier.is_empty() && !dist.contains_key(&t) {
            if self.f.max_hops.is_some_and(|m| depth >= m) {
                break;
            }
            let mut next = Vec::new();
            for &u in &frontier {
                let cu = count[&u];
                for (v, e, direction) in self.adj.around(u) {
                    let hop = Hop {
                        edge: e,
                        from: u,
                        to: v,
                        direction,
                    };
                    match dist.get(&v) {
                        Some(&dv) => {
                            if dv == depth + 1 {
                                preds.get_mut(&v).expect("layer node").push(hop);
                                let c = count.get_mut(&v).expect("layer node");
                                *c = c.saturating_add(cu);
                            }
                        }
                        None => {
                            if v != t && !self.f.node_ok(self.kg, v) {
                                continue;
                            }
                            dist.insert(v, depth + 1);
                            count.insert(v, cu);
                            preds.insert(v, vec![hop]);
                            if v != t {
                                next.push(v);
                            }
                        }
                    }
                }
            }
            frontier = next;
            depth += 1;
        }
        let Some(&total) = count.get(&t) else {
            return PathSet::default();
        };
        let mut paths = Vec::new();
        let mut suffix = Vec::new();
        collect_back(t, s, &preds, &mut suffix, &mut paths, limit);
        paths.sort_by_cached_key(Path::sort_key);
        PathSet { paths, total }
    }

    /// Yen's algorithm: the `k` shortest simple paths, each spur found by BFS.
    fn k_shortest(&self, s: NodeIndex, t: NodeIndex, k: usize) -> Vec<Path> {
        let Some(first) = self.shortest(s, t) else {
            return Vec::new();
        };
        if k == 0 {
            return Vec::new();
        }
        let edges_of = |p: &Path| p.hops.iter().map(|h| h.edge).collect::<Vec<_>>();
        let mut seen: HashSet<Vec<EdgeIndex>> = HashSet::from([edges_of(&first)]);
        let mut found = vec![first];
        let mut candidates: Vec<Path> = Vec::new();
        while found.len() < k {
            let prev = found.last().expect("non-empty").clone();
            let prev_nodes = prev.nodes();
            for i in 0..prev.len() {
                let spur = prev_nodes[i];
                let root = &prev.hops[..i];
                let remaining = match self.f.max_hops {
                    Some(m) if m <= i => break,
                    Some(m) => Some(m - i),
                    None => None,
                };
                let banned_edges: HashSet<EdgeIndex> = found
                    .iter()
                    .filter(|p| p.len() > i && p.hops[..i] == *root)
                    .map(|p| p.hops[i].edge)
                    .collect();
                let banned_nodes: HashSet<NodeIndex> = prev_nodes[..i].iter().copied().collect();
                if let Some(spur_hops) = self.bfs(spur, t, remaining, &banned_nodes, &banned_edges)
                {
                    let mut hops = root.to_vec();
                    hops.extend(spur_hops);
                    let p = Path { start: s, hops };
                    if seen.insert(edges_of(&p)) {
                        candidates.push(p);
                    }
                }
            }
            let Some(best) = candidates
                .iter()
                .enumerate()
                .min_by_key(|(_, p)| p.sort_key())
                .map(|(i, _)| i)
            else {
                break;
            };
            found.push(candidates.swap_remove(best));
        }
        found
    }
}

fn collect_back(
    node: NodeIndex,
    s: NodeIndex,
    preds: &HashMap<NodeIndex, Vec<Hop>>,
    suffix: &mut Vec<Hop>,
    out: &mut Vec<Path>,
    limit: usize,
) {
    if out.len() >= limit {
        return;
    }
    if node == s {
        let mut hops = suffix.clone();
        hops.reverse();
        out.push(Path { start: s, hops });
        return;
    }
    for h in preds.get(&node).map(Vec::as_slice).unwrap_or_default() {
        suffix.push(*h);
        collect_back(h.from, s, preds, suffix, out, limit);
        suffix.pop();
        if out.len() >= limit {
            return;
        }
    }
}

/// What to look for between two entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathMode {
    /// One shortest path.
    Shortest,
    /// Every shortest path (at most `limit` listed; all counted).
    All { limit: usize },
    /// The k shortest simple paths (Yen).
    K(usize),
}

/// Paths found, shortest first; `total` counts all of them (for [`PathMode::All`] it can
/// exceed `paths.len()`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathSet {
    pub paths: Vec<Path>,
    pub total: u64,
}

/// One shortest path from `s` to `t` under the filters, if any.
pub fn shortest_path(kg: &QueryGraph, s: NodeIndex, t: NodeIndex, f: &Filters) -> Option<Path> {
    Search::new(kg, f).shortest(s, t)
}

/// Every shortest path from `s` to `t` (the first `limit`, in node-id order) and their count.
pub fn all_shortest_paths(
    kg: &QueryGraph,
    s: NodeIndex,
    t: NodeIndex,
    f: &Filters,
    limit: usize,
) -> PathSet {
    Search::new(kg, f).all_shortest(s, t, limit)
}

/// The `k` shortest simple paths from `s` to `t`, shortest first (Yen's algorithm).
pub fn k_shortest_paths(
    kg: &QueryGraph,
    s: NodeIndex,
    t: NodeIndex,
    f: &Filters,
    k: usize,
) -> Vec<Path> {
    Search::new(kg, f).k_shortest(s, t, k)
}

/// Dispatch on the mode.
pub fn find_paths(
    kg: &QueryGraph,
    s: NodeIndex,
    t: NodeIndex,
    f: &Filters,
    mode: PathMode,
) -> PathSet {
    let search = Search::new(kg, f);
    match mode {
        PathMode::Shortest => {
            let paths: Vec<Path> = search.shortest(s, t).into_iter().collect();
            PathSet {
                total: paths.len() as u64,
                paths,
            }
        }
        PathMode::All { limit } => search.all_shortest(s, t, limit),
        PathMode::K(k) => {
            let paths = search.k_shortest(s, t, k);
            PathSet {
                total: paths.len() as u64,
                paths,
            }
        }
    }
}
