//! One entity's edges, its neighbourhood, and whole-graph statistics.

use super::paths::{Adjacency, Direction, Filters, Hop};
use crate::graph::KnowledgeGraph;
use crate::model::{Label, RelType};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use petgraph::Direction as PgDirection;
use std::collections::{HashMap, HashSet};

/// An edge seen from one of its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityEdge {
    pub edge: EdgeIndex,
    /// The other end.
    pub other: NodeIndex,
    /// Read from the entity to `other`.
    pub direction: Direction,
}

/// Every edge of an entity, sorted by relation type, then the other end's name and id.
pub fn entity_edges(kg: &KnowledgeGraph, n: NodeIndex) -> Vec<EntityEdge> {
    let g = &kg.graph;
    let mut out: Vec<EntityEdge> = Vec::new();
    for e in g.edges_directed(n, PgDirection::Outgoing) {
        out.push(EntityEdge {
            edge: e.id(),
            other: e.target(),
            direction: if e.weight().rel_type.is_symmetric() {
                Direction::Undirected
            } else {
                Direction::Forward
            },
        });
    }
    for e in g.edges_directed(n, PgDirection::Incoming) {
        if e.source() == e.target() {
            continue; // a self-loop was listed as outgoing
        }
        out.push(EntityEdge {
            edge: e.id(),
            other: e.source(),
            direction: if e.weight().rel_type.is_symmetric() {
                Direction::Undirected
            } else {
                Direction::Backward
            },
        });
    }
    out.sort_by(|a, b| {
        let (ea, eb) = (&g[a.other], &g[b.other]);
        g[a.edge]
            .rel_type
            .cmp(&g[b.edge].rel_type)
            .then_with(|| a.direction.cmp(&b.direction))
            .then_with(|| ea.name.cmp(&eb.name))
            .then_with(|| ea.id.cmp(&eb.id))
    });
    out
}

/// An entity near another one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neighbor {
    pub node: NodeIndex,
    /// Hops from the start (1 = adjacent).
    pub depth: usize,
    /// Every usable edge from an entity at `depth - 1` to this one.
    pub via: Vec<Hop>,
}

/// The entities within `depth` hops of `start`, nearest first, then by name and id. The
/// filters apply as for paths: relation types, dates and direction to the edges walked,
/// `through` to the labels of the neighbours listed and walked through; `max_hops` is
/// ignored (`depth` is the bound).
pub fn neighbors(
    kg: &KnowledgeGraph,
    start: NodeIndex,
    depth: usize,
    f: &Filters,
) -> Vec<Neighbor> {
    let adj = Adjacency::new(kg, f);
    let mut level: HashMap<NodeIndex, usize> = HashMap::from([(start, 0)]);
    let mut found: Vec<Neighbor> = Vec::new();
    let mut slot: HashMap<NodeIndex, usize> = HashMap::new();
    let mut frontier = vec![start];
    for d in 1..=depth {
        let mut next = Vec::new();
        for &u in &frontier {
            for &(v, edge, direction) in adj.around(u) {
                let hop = Hop {
                    edge,
                    from: u,
                    to: v,
                    direction,
                };
                match level.get(&v) {
                    Some(&dv) if dv == d => found[slot[&v]].via.push(hop),
                    Some(_) => {}
                    None => {
                        if !f.node_ok(kg, v) {
                            continue;
                        }
                        level.insert(v, d);
                        slot.insert(v, found.len());
                        found.push(Neighbor {
                            node: v,
                            depth: d,
                            via: vec![hop],
                        });
                        next.push(v);
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    let g = &kg.graph;
    found.sort_by(|a, b| {
        a.depth
            .cmp(&b.depth)
            .then_with(|| g[a.node].name.cmp(&g[b.node].name))
            .then_with(|| g[a.node].id.cmp(&g[b.node].id))
    });
    found
}

/// Whole-graph numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    /// Distinct documents named by entities' sources or relations' evidence.
    pub documents: usize,
    /// Entities per label, every label (in `Label::ALL` order).
    pub labels: Vec<(Label, usize)>,
    /// Relations per type, every type (in `RelType::ALL` order).
    pub types: Vec<(RelType, usize)>,
    /// The 10 entities with most edges (in + out), most first, ties by id.
    pub top_degree: Vec<(NodeIndex, usize)>,
    /// Connected components, edges taken as undirected (an isolated entity is one).
    pub components: usize,
    /// Entities in the largest component.
    pub largest_component: usize,
}

/// Count everything in one pass over nodes and one over edges.
pub fn stats(kg: &KnowledgeGraph) -> Stats {
    let g = &kg.graph;
    let mut docs: HashSet<&str> = HashSet::new();
    let mut labels: Vec<(Label, usize)> = Label::ALL.iter().map(|&l| (l, 0)).collect();
    for e in kg.entities() {
        docs.extend(e.sources.iter().map(String::as_str));
        if let Some(slot) = labels.iter_mut().find(|(l, _)| *l == e.label) {
            slot.1 += 1;
        }
    }
    let mut types: Vec<(RelType, usize)> = RelType::ALL.iter().map(|&t| (t, 0)).collect();
    let mut degree = vec![0usize; g.node_count()];
    let mut uf: UnionFind<usize> = UnionFind::new(g.node_count());
    for e in g.edge_references() {
        let r = e.weight();
        docs.extend(r.evidence.iter().map(|ev| ev.doc.as_str()));
        if let Some(slot) = types.iter_mut().find(|(t, _)| *t == r.rel_type) {
            slot.1 += 1;
        }
        degree[e.source().index()] += 1;
        degree[e.target().index()] += 1;
        uf.union(e.source().index(), e.target().index());
    }
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for n in 0..g.node_count() {
        *sizes.entry(uf.find_mut(n)).or_default() += 1;
    }
    let mut top: Vec<(NodeIndex, usize)> =
        g.node_indices().map(|n| (n, degree[n.index()])).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| g[a.0].id.cmp(&g[b.0].id)));
    top.truncate(10);
    Stats {
        nodes: g.node_count(),
        edges: g.edge_count(),
        documents: docs.len(),
        labels,
        types,
        top_degree: top,
        components: sizes.len(),
        largest_component: sizes.values().copied().max().unwrap_or(0),
    }
}
