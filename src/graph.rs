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
    starts: Vec<u32>,
    pieces: Vec<Piece>,
    /// The sources of node `n` are the store's documents
    /// `sources[source_starts[n]..source_starts[n + 1]]` (ascending).
    source_starts: Vec<usize>,
    sources: Vec<u32>,
}

impl Stored {
    /// The pieces of edge `e`.
    fn pieces_of(&self, e: EdgeIndex) -> &[Piece] {
        &self.pieces[self.starts[e.index()] as usize..self.starts[e.index() + 1] as usize]
    }
}

impl KnowledgeGraph {
    /// Build the graph. Entities are sorted by id (duplicate ids: the first is kept);
    /// relations are sorted by (source, type, target), and a relation whose endpoint is not
    /// an entity is dropped (returned in the second element, for diagnostics).
    pub fn new(entities: Vec<Entity>, relations: Vec<Relation>) -> (Self, Vec<Relation>) {
        let entities = entities.into_iter().map(|e| (e, Vec::new())).collect();
        Self::assemble(entities, relations, Vec::new(), None)
    }

    /// [`KnowledgeGraph::new`] for entities whose sources are documents of `store` (given
    /// with each, ascending) and relations whose evidence is in `store`: `pieces` holds
    /// `(relation, piece)` pairs, a relation being an index of `relations`, each relation's
    /// pieces in order.
    pub(crate) fn with_store(
        entities: Vec<(Entity, Vec<u32>)>,
        relations: Vec<Relation>,
        pieces: Vec<(u32, Piece)>,
        store: EvidenceStore,
    ) -> (Self, Vec<Relation>) {
        Self::assemble(entities, relations, pieces, Some(store))
    }

    fn assemble(
        mut entities: Vec<(Entity, Vec<u32>)>,
        mut relations: Vec<Relation>,
        pieces: Vec<(u32, Piece)>,
        store: Option<EvidenceStore>,
    ) -> (Self, Vec<Relation>) {
        entities.sort_by(|(a, _), (b, _)| a.id.cmp(&b.id));
        entities.dedup_by(|(b, _), (a, _)| a.id == b.id);
        let mut graph = DiGraph::with_capacity(entities.len(), 0);
        let mut source_starts = Vec::with_capacity(entities.len() + 1);
        source_starts.push(0);
        let mut sources = Vec::with_capacity(entities.iter().map(|e| e.1.len()).sum());
        for (e, docs) in entities {
            graph.add_node(e);
            sources.extend(docs);
            source_starts.push(sources.len());
        }
        // The relations' places, sorted by (source, type, target) without moving them (node
        // indices are in id order): `order[k]` is the relation at place `k`, the `kept`
        // ones whose endpoints are entities first.
        const NONE: u32 = u32::MAX;
        let mut ends: Vec<(u32, u32)> = (relations.iter())
            .map(|r| {
                let at = |id: &str| index_in(&graph, id).map_or(NONE, |n| n.index() as u32);
                (at(&r.source), at(&r.target))
            })
            .collect();
        let mut order: Vec<u32> = (0..relations.len() as u32).collect();
        order.sort_by_key(|&i| {
            let (a, b) = ends[i as usize];
            (a == NONE || b == NONE, a, relations[i as usize].rel_type, b)
        });
        let kept = ends.iter().filter(|e| e.0 != NONE && e.1 != NONE).count();
        // `place[i]`: the place of relation `i`.
        let mut place = vec![0u32; relations.len()];
        for (k, &i) in order.iter().enumerate() {
            place[i as usize] = k as u32;
        }
        drop(order);
        // Each place's pieces, in their order, at `pieces[starts[k]..starts[k + 1]]`.
        let stored = store.map(|store| {
            let mut starts = vec![0u32; kept + 1];
            for (i, _) in &pieces {
                let k = place[*i as usize] as usize;
                if k < kept {
                    starts[k + 1] += 1;
                }
            }
            for k in 0..kept {
                starts[k + 1] += starts[k];
            }
            let mut next = starts.clone();
            let mut placed = vec![Piece::default(); starts[kept] as usize];
            for (i, piece) in pieces {
                let k = place[i as usize] as usize;
                if k < kept {
                    placed[next[k] as usize] = piece;
                    next[k] += 1;
                }
            }
            Stored {
                store: Arc::new(store),
                starts,
                pieces: placed,
                source_starts,
                sources,
            }
        });
        // Move the relations to their places (following the permutation's cycles), then
        // into the graph from the back, giving memory back as the vector empties: a graph
        // of many relations never holds them twice.
        for i in 0..relations.len() {
            while place[i] as usize != i {
                let k = place[i] as usize;
                relations.swap(i, k);
                ends.swap(i, k);
                place.swap(i, k);
            }
        }
        drop(place);
        let mut dropped = relations.split_off(kept);
        dropped.sort_by(|a, b| {
            (&a.source, a.rel_type, &a.target).cmp(&(&b.source, b.rel_type, &b.target))
        });
        relations.reverse();
        graph.reserve_exact_edges(kept);
        for &(a, b) in &ends[..kept] {
            let r = relations.pop().expect("one relation for each kept place");
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), r);
            if relations.len() < relations.capacity() / 2 {
                relations.shrink_to_fit();
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
        let pieces = s.pieces_of(e);
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
            Some(s) => s.store.brief(s.pieces_of(e)),
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

    /// How many evidence entries the relation behind an edge has (without reading them).
    pub fn evidence_count(&self, e: EdgeIndex) -> usize {
        match &self.stored {
            Some(s) => s.pieces_of(e).iter().map(Piece::entries).sum(),
            None => self.graph[e].evidence.len(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::DocRef;
    use crate::model::Evidence;
    use std::collections::BTreeSet;

    fn entity(id: &str) -> (Entity, Vec<u32>) {
        let e = Entity {
            id: id.into(),
            label: Label::Person,
            name: id.into(),
            named: true,
            aliases: BTreeSet::new(),
            sources: BTreeSet::new(),
            country: None,
            date: None,
            place: None,
        };
        (e, vec![0])
    }

    fn relation(t: RelType, source: &str, target: &str) -> Relation {
        Relation {
            rel_type: t,
            source: source.into(),
            target: target.into(),
            title: None,
            date: None,
            evidence: BTreeSet::new(),
        }
    }

    /// Relations given in any order, their pieces interleaved: each edge, in (source, type,
    /// target) order, reads back exactly its own evidence, in its order; a relation to no
    /// entity is returned, not an edge.
    #[test]
    fn stored_relations_keep_their_own_pieces_in_order() {
        let mut store = EvidenceStore::temp_file();
        let doc = store.add_doc(DocRef {
            doc: "d.txt".into(),
            ..DocRef::default()
        });
        let sentences = ["S0.", "S1.", "S2.", "S3.", "S4.", "S5."];
        let evidence: Vec<Evidence> = (sentences.iter().enumerate())
            .map(|(i, s)| Evidence {
                doc: "d.txt".into(),
                start: 10 * i,
                end: 10 * i + s.len(),
                sentence: (*s).into(),
                ..Evidence::default()
            })
            .collect();
        let relations = vec![
            relation(RelType::Signed, "c", "a"),
            relation(RelType::MetWith, "a", "nobody"),
            relation(RelType::MetWith, "a", "c"),
            relation(RelType::Attended, "a", "b"),
        ];
        // (relation, sentence) in the order the pieces were written.
        let order = [(3, 0), (0, 1), (2, 2), (1, 3), (3, 4), (0, 5)];
        let mut pieces = Vec::new();
        for (r, s) in order {
            store.stage(std::iter::once((doc, &evidence[s])));
            pieces.extend(store.write_staged().map(|p| (r as u32, p)));
        }
        let entities = vec![entity("c"), entity("a"), entity("b")];
        let (kg, dropped) = KnowledgeGraph::with_store(entities, relations, pieces, store);
        assert_eq!(dropped, [relation(RelType::MetWith, "a", "nobody")]);
        let read: Vec<(String, Vec<String>)> = (kg.graph.edge_indices())
            .map(|e| {
                let r = kg.relation_full(e).unwrap();
                let key = format!("{} {} {}", r.source, r.rel_type, r.target);
                (
                    key,
                    r.evidence.iter().map(|e| e.sentence.to_string()).collect(),
                )
            })
            .collect();
        // Types in `RelType` order (MET_WITH before ATTENDED).
        let want = [
            ("a MET_WITH c", vec!["S2."]),
            ("a ATTENDED b", vec!["S0.", "S4."]),
            ("c SIGNED a", vec!["S1.", "S5."]),
        ];
        let want: Vec<(String, Vec<String>)> = (want.iter())
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(read, want);
        for e in kg.graph.edge_indices() {
            assert_eq!(
                kg.evidence_count(e),
                kg.relation_full(e).unwrap().evidence.len()
            );
        }
    }
}
