//! The knowledge graph: a petgraph `DiGraph` built once, after resolution.
//!
//! Invariants: nodes are inserted in entity-id order and edges in (source, type, target)
//! order, so node indices are deterministic for a given set of entities — but they are
//! never exported; ids are. Every edge's endpoints exist. The graph is never mutated after
//! `KnowledgeGraph::new`.

use crate::model::{Entity, Label, RelType, Relation};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    pub graph: DiGraph<Entity, Relation>,
    index: BTreeMap<String, NodeIndex>,
}

impl KnowledgeGraph {
    /// Build the graph. Entities are sorted by id (duplicate ids: the first is kept);
    /// relations are sorted by (source, type, target), and a relation whose endpoint is not
    /// an entity is dropped (returned in the second element, for diagnostics).
    pub fn new(mut entities: Vec<Entity>, mut relations: Vec<Relation>) -> (Self, Vec<Relation>) {
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        entities.dedup_by(|b, a| a.id == b.id);
        relations.sort_by(|a, b| {
            (&a.source, a.rel_type, &a.target).cmp(&(&b.source, b.rel_type, &b.target))
        });
        let mut graph = DiGraph::with_capacity(entities.len(), relations.len());
        let mut index = BTreeMap::new();
        for e in entities {
            let id = e.id.clone();
            let ix = graph.add_node(e);
            index.insert(id, ix);
        }
        let mut dropped = Vec::new();
        for r in relations {
            match (index.get(&r.source), index.get(&r.target)) {
                (Some(&a), Some(&b)) => {
                    graph.add_edge(a, b, r);
                }
                _ => dropped.push(r),
            }
        }
        (KnowledgeGraph { graph, index }, dropped)
    }

    /// The node index of an entity id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.index_of(id).map(|ix| &self.graph[ix])
    }

    /// Entities in id order.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.index.values().map(move |&ix| &self.graph[ix])
    }

    /// Relations in (source, type, target) order.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.graph.edge_indices().map(move |e| &self.graph[e])
    }

    /// The relation behind an edge index.
    pub fn relation(&self, e: EdgeIndex) -> &Relation {
        &self.graph[e]
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The number of entities of each label, in `Label::ALL` order.
    pub fn label_counts(&self) -> [(Label, usize); 5] {
        let mut counts = Label::ALL.map(|l| (l, 0));
        for e in self.graph.node_weights() {
            if let Some(c) = counts.iter_mut().find(|c| c.0 == e.label) {
                c.1 += 1;
            }
        }
        counts
    }

    /// The number of relations of each type, in `RelType::ALL` order.
    pub fn type_counts(&self) -> [(RelType, usize); 5] {
        let mut counts = RelType::ALL.map(|t| (t, 0));
        for r in self.graph.edge_weights() {
            if let Some(c) = counts.iter_mut().find(|c| c.0 == r.rel_type) {
                c.1 += 1;
            }
        }
        counts
    }
}
