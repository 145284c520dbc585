//! One entity's edges, its neighbourhood, and whole-graph statistics.

use super::index::QueryGraph;
use super::paths::{Adjacency, Direction, Filters, Hop};
use crate::model::{Label, RelType};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use std::collections::HashMap;

/// An edge seen from one of its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityEdge {
    pub edge: EdgeIndex,
    /// The other end.
    pub other: NodeIndex,
    /// Read from the entity to `other`.
    pub direction: Direction,
}

/// Every edge of an entity, sorted by relation type, direction, then the other end's name
/// and id. A self-loop is listed once, read forward.
pub fn entity_edges(kg: &QueryGraph, n: NodeIndex) -> Vec<EntityEdge> {
    let mut out: Vec<EntityEdge> = kg
        .incident(n)
        .map(|(other, edge, direction)| EntityEdge {
            edge,
            other,
            direction,
        })
        .collect();
    out.sort_by(|a, b| {
        kg.rel_type(a.edge)
            .cmp(&kg.rel_type(b.edge))
            .then_with(|| a.direction.cmp(&b.direction))
            .then_with(|| kg.name(a.other).cmp(kg.name(b.other)))
            .then_with(|| kg.id(a.other).cmp(kg.id(b.other)))
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
pub fn neighbors(kg: &QueryGraph, start: NodeIndex, depth: usize, f: &Filters) -> Vec<Neighbor> {
    let adj = Adjacency::new(kg, f);
    let mut level: HashMap<NodeIndex, usize> = HashMap::from([(start, 0)]);
    let mut found: Vec<Neighbor> = Vec::new();
    let mut slot: HashMap<NodeIndex, usize> = HashMap::new();
    let mut frontier = vec![start];
    for d in 1..=depth {
        let mut next = Vec::new();
        for &u in &frontier {
            for (v, edge, direction) in adj.around(u) {
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
    found.sort_by(|a, b| {
        a.depth
            .cmp(&b.depth)
            .then_with(|| kg.name(a.node).cmp(kg.name(b.node)))
            .then_with(|| kg.id(a.node).cmp(kg.id(b.node)))
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
pub fn stats(kg: &QueryGraph) -> Stats {
    let mut labels: Vec<(Label, usize)> = Label::ALL.iter().map(|&l| (l, 0)).collect();
    for n in kg.nodes() {
        if let Some(slot) = labels.iter_mut().find(|(l, _)| *l == kg.label(n)) {
            slot.1 += 1;
        }
    }
    let mut types: Vec<(RelType, usize)> = RelType::ALL.iter().map(|&t| (t, 0)).collect();
    let mut degree = vec![0usize; kg.node_count()];
    let mut uf: UnionFind<usize> = UnionFind::new(kg.node_count());
    for e in kg.edges() {
        if let Some(slot) = types.iter_mut().find(|(t, _)| *t == kg.rel_type(e)) {
            slot.1 += 1;
        }
        let (s, t) = kg.endpoints(e);
        degree[s.index()] += 1;
        degree[t.index()] += 1;
        uf.union(s.index(), t.index());
    }
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for n in 0..kg.node_count() {
        *sizes.entry(uf.find_mut(n)).or_default() += 1;
    }
    let mut top: Vec<(NodeIndex, usize)> = kg.nodes().map(|n| (n, degree[n.index()])).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| kg.id(a.0).cmp(kg.id(b.0))));
    top.truncate(10);
    Stats {
        nodes: kg.node_count(),
        edges: kg.edge_count(),
        documents: kg.documents(),
        labels,
        types,
        top_degree: top,
        components: sizes.len(),
        largest_component: sizes.values().copied().max().unwrap_or(0),
    }
}
