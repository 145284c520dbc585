//! The knowledge graph: a petgraph `DiGraph` built once, after resolution.
//!
//! Invariants: nodes are inserted in entity-id order and edges in (source, type, target)
//! order, so node indices are deterministic for a given set of entities — but they are
//! never exported; ids are. Every edge's endpoints exist. The graph is never mutated after
//! `KnowledgeGraph::new`.
//!
//! The evidence of a graph made by `pipeline::build` is not in its relations but in an
//! `EvidenceStore` (a temporary file; see `evidence`), and its entities' sources are kept
//! as document numbers: read a relation with its evidence through
//! [`KnowledgeGraph::relation_full`] / [`KnowledgeGraph::full_relations`], an entity with
//! its sources through [`KnowledgeGraph::entity_full`] / [`KnowledgeGraph::full_entities`].

pub use crate::evidence::Brief;
use crate::evidence::{EvidenceStore, Piece};
use crate::model::{Entity, Label, RelType, Relation};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::borrow::Cow;
use std::io;
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    /// The entities and relations. When the evidence is stored
    /// ([`KnowledgeGraph::evidence_is_stored`]), the relations here have an empty
    /// `evidence` and the entities empty `sources`: use [`KnowledgeGraph::relation_full`]
    /// and [`KnowledgeGraph::entity_full`].
    pub graph: DiGraph<Entity, Relation>,
    stored: Option<Stored>,
}

/// Where the evidence of each edge is when it is stored.
#[derive(Clone, Debug)]
struct Stored {
    store: Arc<EvidenceStore>,
    /// The pieces of edge `e` are `pieces[starts[e]..starts[e + 1]]`.
    starts: Vec<usize>,
    pieces: Vec<Piece>,
    /// The sources of node `n` are the store's documents
    /// `sources[source_starts[n]..source_starts[n + 1]]` (ascending).
    source_starts: Vec<usize>,
    sources: Vec<u32>,
}

impl KnowledgeGraph {
    /// Build the graph. Entities are sorted by id (duplicate ids: the first is kept);
    /// relations are sorted by (source, type, target), and a relation whose endpoint is not
    /// an entity is dropped (returned in the second element, for diagnostics).
    pub fn new(entities: Vec<Entity>, relations: Vec<Relation>) -> (Self, Vec<Relation>) {
        let entities = entities.into_iter().map(|e| (e, Vec::new())).collect();
        let relations = relations.into_iter().map(|r| (r, Vec::new())).collect();
        Self::assemble(entities, relations, None)
    }

    /// [`KnowledgeGraph::new`] for entities whose sources are documents of `store` (given
    /// with each, ascending) and relations whose evidence is in `store`, at the pieces
    /// given with each.
    pub(crate) fn with_store(
        entities: Vec<(Entity, Vec<u32>)>,
        relations: Vec<(Relation, Vec<Piece>)>,
        store: EvidenceStore,
    ) -> (Self, Vec<Relation>) {
        Self::assemble(entities, relations, Some(store))
    }

    fn assemble(
        mut entities: Vec<(Entity, Vec<u32>)>,
        mut relations: Vec<(Relation, Vec<Piece>)>,
        store: Option<EvidenceStore>,
    ) -> (Self, Vec<Relation>) {
        entities.sort_by(|(a, _), (b, _)| a.id.cmp(&b.id));
        entities.dedup_by(|(b, _), (a, _)| a.id == b.id);
        relations.sort_by(|(a, _), (b, _)| {
            (&a.source, a.rel_type, &a.target).cmp(&(&b.source, b.rel_type, &b.target))
        });
        let mut graph = DiGraph::with_capacity(entities.len(), relations.len());
        let mut stored = store.map(|store| {
            // Exact sizes: these are the graph's largest arrays.
            let mut starts = Vec::with_capacity(relations.len() + 1);
            starts.push(0);
            let mut source_starts = Vec::with_capacity(entities.len() + 1);
            source_starts.push(0);
            Stored {
                store: Arc::new(store),
                starts,
                pieces: Vec::with_capacity(relations.iter().map(|r| r.1.len()).sum()),
                source_starts,
                sources: Vec::with_capacity(entities.iter().map(|e| e.1.len()).sum()),
            }
        });
        for (e, sources) in entities {
            graph.add_node(e);
            if let Some(s) = &mut stored {
                s.sources.extend(sources);
                s.source_starts.push(s.sources.len());
            }
        }
        let mut dropped = Vec::new();
        for (r, locs) in relations {
            match (index_in(&graph, &r.source), index_in(&graph, &r.target)) {
                (Some(a), Some(b)) => {
                    graph.add_edge(a, b, r);
                    if let Some(s) = &mut stored {
                        s.pieces.extend(locs);
                        s.starts.push(s.pieces.len());
                    }
                }
                _ => dropped.push(r),
            }
        }
        let graph = KnowledgeGraph { graph, stored };
        (graph, dropped)
    }

    /// Whether the relations' evidence is held in a store rather than in the relations.
    pub fn evidence_is_stored(&self) -> bool {
        self.stored.is_some()
    }

    /// The relation behind an edge, with all its evidence (read from the store when it is
    /// there). Fails only when the store cannot be read.
    pub fn relation_full(&self, e: EdgeIndex) -> io::Result<Cow<'_, Relation>> {
        let r = &self.graph[e];
        let Some(s) = &self.stored else {
            return Ok(Cow::Borrowed(r));
        };
        let pieces = &s.pieces[s.starts[e.index()]..s.starts[e.index() + 1]];
        Ok(Cow::Owned(Relation {
            rel_type: r.rel_type,
            source: r.source.clone(),
            target: r.target.clone(),
            title: r.title.clone(),
            date: r.date.clone(),
            evidence: s.store.read(pieces)?,
        }))
    }

    /// What the one-line exports show of a relation's evidence (documents, urls, first
    /// sentence, count), without reading all of it from the store.
    pub fn relation_brief(&self, e: EdgeIndex) -> io::Result<Brief<'_>> {
        match &self.stored {
            Some(s) => s
                .store
                .brief(&s.pieces[s.starts[e.index()]..s.starts[e.index() + 1]]),
            None => Ok(Brief::of(&self.graph[e].evidence)),
        }
    }

    /// The entity behind a node, with its sources (made from the store's documents when
    /// they are kept there).
    pub fn entity_full(&self, n: NodeIndex) -> Cow<'_, Entity> {
        let e = &self.graph[n];
        let Some(s) = &self.stored else {
            return Cow::Borrowed(e);
        };
        let docs = &s.sources[s.source_starts[n.index()]..s.source_starts[n.index() + 1]];
        let mut sources = Vec::with_capacity(docs.len());
        for &d in docs {
            let doc = s.store.doc(d);
            // Ascending document numbers give sorted ids; an id read twice comes twice.
            if sources.last().is_none_or(|last: &String| last != doc) {
                sources.push(doc.to_owned());
            }
        }
        Cow::Owned(Entity {
            sources: sources.into_iter().collect(),
            ..e.clone()
        })
    }

    /// Entities in id order, with their sources.
    pub fn full_entities(&self) -> impl Iterator<Item = Cow<'_, Entity>> {
        self.graph
            .node_indices()
            .map(move |ix| self.entity_full(ix))
    }

    /// Relations in (source, type, target) order, with all their evidence.
    pub fn full_relations(&self) -> impl Iterator<Item = io::Result<Cow<'_, Relation>>> {
        self.graph
            .edge_indices()
            .map(move |e| self.relation_full(e))
    }

    /// Whether the relation behind an edge has any evidence (without reading it).
    pub fn has_evidence(&self, e: EdgeIndex) -> bool {
        match &self.stored {
            // Every stored piece holds at least one evidence entry.
            Some(s) => s.starts[e.index() + 1] > s.starts[e.index()],
            None => !self.graph[e].evidence.is_empty(),
        }
    }

    /// The documents named by the relations' evidence (an id may come more than once).
    pub fn evidence_documents(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match &self.stored {
            Some(s) => Box::new(s.store.documents()),
            None => Box::new(
                self.graph
                    .edge_weights()
                    .flat_map(|r| r.evidence.iter().map(|e| &*e.doc)),
            ),
        }
    }

    /// The node index of an entity id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        index_in(&self.graph, id)
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.index_of(id).map(|ix| &self.graph[ix])
    }

    /// Entities in id order. Their sources are empty when the evidence is stored (see
    /// [`KnowledgeGraph::full_entities`]).
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.graph.node_weights()
    }

    /// Relations in (source, type, target) order. Their evidence is empty when it is stored
    /// (see [`KnowledgeGraph::full_relations`]).
    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.graph.edge_indices().map(move |e| &self.graph[e])
    }

    /// The relation behind an edge index (evidence: as [`KnowledgeGraph::relations`]).
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

/// The node of entity `id` in a graph whose nodes are in id order (as `assemble` inserts
/// them, so no map of ids is kept).
fn index_in(graph: &DiGraph<Entity, Relation>, id: &str) -> Option<NodeIndex> {
    let nodes = graph.raw_nodes();
    nodes
        .binary_search_by(|n| n.weight.id.as_str().cmp(id))
        .ok()
        .map(NodeIndex::new)
}
