//! The evidence of a built graph, held out of memory until the exports read it.
//!
//! A relation's evidence (one sentence per document and mention) grows with the words of
//! the corpus, the rest of the graph with its entities. So `pipeline::build` does not keep
//! the evidence in the relations: `resolve` writes it, one document at a time, to an
//! [`EvidenceStore`] (a temporary file, see `spill::Blobs`), and each relation keeps only
//! where its pieces are (one `Loc` per document it comes from). The graph reads a
//! relation's evidence back when asked (`KnowledgeGraph::relation_full`), so that the
//! exports stream it.
//!
//! A piece is the evidence of one relation from one document id, sorted and without
//! duplicates, encoded with postcard as `(document, start, end, sentence)` tuples; the
//! document (its id and metadata) is an index into the store's table of documents. Pieces
//! are written in document-id order, so a relation's pieces, read in the order they were
//! written, give its evidence in `Evidence` order.
//!
//! **Invariant:** storing changes no result: a relation read back equals the one `resolve`
//! builds in memory.

use crate::model::Evidence;
use crate::spill::{Blobs, Loc};
use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::sync::Arc;

/// A document as its evidence refers to it: id and metadata, shared by its evidence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocRef {
    pub doc: Arc<str>,
    pub url: Option<Arc<str>>,
    pub title: Option<Arc<str>>,
    pub source: Option<Arc<str>>,
}

/// The evidence pieces of the relations of one graph.
pub struct EvidenceStore {
    blobs: Blobs,
    docs: Vec<DocRef>,
    /// Whether a piece refers to the document.
    used: Vec<bool>,
}

impl fmt::Debug for EvidenceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvidenceStore")
            .field("documents", &self.docs.len())
            .finish()
    }
}

impl EvidenceStore {
    /// A store in a temporary file (in memory when no file can be created).
    pub(crate) fn temp_file() -> EvidenceStore {
        EvidenceStore {
            blobs: Blobs::temp_file("evidence"),
            docs: Vec::new(),
            used: Vec::new(),
        }
    }

    /// Register a document; its index for [`EvidenceStore::put`].
    pub(crate) fn add_doc(&mut self, doc: DocRef) -> u32 {
        self.docs.push(doc);
        self.used.push(false);
        u32::try_from(self.docs.len() - 1).expect("fewer than 2^32 documents")
    }

    /// Write one piece: the sorted, unique evidence of one relation from one document id,
    /// each with the index of its document.
    pub(crate) fn put<'a>(&mut self, evidence: impl Iterator<Item = (u32, &'a Evidence)>) -> Loc {
        let tuples: Vec<(u32, u64, u64, &str)> = evidence
            .map(|(d, e)| (d, e.start as u64, e.end as u64, &*e.sentence))
            .collect();
        for t in &tuples {
            self.used[t.0 as usize] = true;
        }
        let bytes = postcard::to_stdvec(&tuples).expect("evidence always serializes");
        self.blobs.put(&bytes)
    }

    /// Read the pieces at `locs` back, in order, into one evidence set.
    pub(crate) fn read(&self, locs: &[Loc]) -> io::Result<BTreeSet<Evidence>> {
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for &loc in locs {
            self.blobs.read(loc, &mut buf)?;
            let tuples: Vec<(u32, u64, u64, &str)> =
                postcard::from_bytes(&buf).map_err(|e| damaged(e.to_string()))?;
            for (d, start, end, sentence) in tuples {
                let doc = self
                    .docs
                    .get(d as usize)
                    .ok_or_else(|| damaged(format!("no document {d}")))?;
                out.push(Evidence {
                    doc: doc.doc.clone(),
                    start: usize::try_from(start).map_err(|e| damaged(e.to_string()))?,
                    end: usize::try_from(end).map_err(|e| damaged(e.to_string()))?,
                    sentence: sentence.into(),
                    url: doc.url.clone(),
                    title: doc.title.clone(),
                    source: doc.source.clone(),
                });
            }
        }
        // Already in order: the bulk build of a sorted sequence is linear.
        Ok(out.into_iter().collect())
    }

    /// The id of document `d` (as numbered by `add_doc`).
    pub(crate) fn doc(&self, d: u32) -> &str {
        &self.docs[d as usize].doc
    }

    /// The ids of the documents the evidence refers to (an id may come twice).
    pub(crate) fn documents(&self) -> impl Iterator<Item = &str> {
        self.docs
            .iter()
            .zip(&self.used)
            .filter(|(_, &used)| used)
            .map(|(d, _)| &*d.doc)
    }
}

fn damaged(what: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the build's temporary evidence file is damaged ({what})"),
    )
}
