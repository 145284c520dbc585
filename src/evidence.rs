//! The evidence of a built graph, held out of memory until the exports read it.
//!
//! A relation's evidence (one sentence per document and mention) grows with the words of
//! the corpus, the rest of the graph with its entities. So `pipeline::build` does not keep
//! the evidence in the relations: `resolve` writes it, one document at a time, to an
//! [`EvidenceStore`] (a temporary file, see `spill::Blobs`), and each relation keeps only
//! where its pieces are (one `Piece` per document it comes from, with its size). The graph
//! reads a relation's evidence back when asked (`KnowledgeGraph::relation_full`), so that
//! the exports stream it; the one-line exports ask only for a [`Brief`]
//! (`KnowledgeGraph::relation_brief`), which reads the first piece alone.
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
    /// Pieces encoded but not yet written (`stage`): their bytes, and each one's offset
    /// and length in them.
    staged: Vec<u8>,
    staged_pieces: Vec<(usize, usize, Piece)>,
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
            staged: Vec::new(),
            staged_pieces: Vec::new(),
        }
    }

    /// Register a document; its index for [`EvidenceStore::put`].
    pub(crate) fn add_doc(&mut self, doc: DocRef) -> u32 {
        self.docs.push(doc);
        self.used.push(false);
        u32::try_from(self.docs.len() - 1).expect("fewer than 2^32 documents")
    }

    /// Stage one piece: the sorted, unique, non-empty evidence of one relation from one
    /// document id, each with the index of its document. [`EvidenceStore::write_staged`]
    /// writes the staged pieces (one write for a document's pieces, not one each).
    pub(crate) fn stage<'a>(&mut self, evidence: impl Iterator<Item = (u32, &'a Evidence)>) {
        let tuples: Vec<(u32, u64, u64, &str)> = evidence
            .map(|(d, e)| (d, e.start as u64, e.end as u64, &*e.sentence))
            .collect();
        for t in &tuples {
            self.used[t.0 as usize] = true;
        }
        let start = self.staged.len();
        self.staged = postcard::to_extend(&tuples, std::mem::take(&mut self.staged))
            .expect("evidence always serializes");
        let doc = tuples.first().map_or(0, |t| t.0);
        let mixed = tuples.iter().any(|t| t.0 != doc);
        let count = u32::try_from(tuples.len()).expect("fewer than 2^31 entries in a piece");
        self.staged_pieces.push((
            start,
            self.staged.len() - start,
            Piece {
                loc: Loc::default(),
                doc,
                count: count | if mixed { Piece::MIXED } else { 0 },
            },
        ));
    }

    /// Write the pieces staged since the last call; where they are, in staging order.
    pub(crate) fn write_staged(&mut self) -> impl Iterator<Item = Piece> + '_ {
        let at = self.blobs.put(&self.staged);
        self.staged.clear();
        self.staged_pieces
            .drain(..)
            .map(move |(offset, len, piece)| Piece {
                loc: at.part(offset, len),
                ..piece
            })
    }

    /// Read the pieces back, in order, into one evidence set.
    pub(crate) fn read(&self, pieces: &[Piece]) -> io::Result<BTreeSet<Evidence>> {
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for piece in pieces {
            self.read_piece(piece, &mut buf, |doc, start, end, sentence| {
                out.push(Evidence {
                    doc: doc.doc.clone(),
                    start,
                    end,
                    sentence: sentence.into(),
                    url: doc.url.clone(),
                    title: doc.title.clone(),
                    source: doc.source.clone(),
                })
            })?;
        }
        // Already in order: the bulk build of a sorted sequence is linear.
        Ok(out.into_iter().collect())
    }

    /// Decode one piece, handing each entry (document, start, end, sentence) to `each` in
    /// order.
    fn read_piece<'s>(
        &'s self,
        piece: &Piece,
        buf: &mut Vec<u8>,
        mut each: impl FnMut(&'s DocRef, usize, usize, &str),
    ) -> io::Result<()> {
        self.blobs.read(piece.loc, buf)?;
        let tuples: Vec<(u32, u64, u64, &str)> =
            postcard::from_bytes(buf).map_err(|e| damaged(e.to_string()))?;
        for (d, start, end, sentence) in tuples {
            let doc = self
                .docs
                .get(d as usize)
                .ok_or_else(|| damaged(format!("no document {d}")))?;
            let start = usize::try_from(start).map_err(|e| damaged(e.to_string()))?;
            let end = usize::try_from(end).map_err(|e| damaged(e.to_string()))?;
            each(doc, start, end, sentence);
        }
        Ok(())
    }

    /// What a one-line export shows of the evidence in `pieces` (see [`Brief`]): reads
    /// only the first piece, and any piece whose entries come from several records.
    pub(crate) fn brief(&self, pieces: &[Piece]) -> io::Result<Brief<'_>> {
        let mut brief = Brief::default();
        let mut buf = Vec::new();
        let mut urls = BTreeSet::new();
        for (i, piece) in pieces.iter().enumerate() {
            let doc = self
                .docs
                .get(piece.doc as usize)
                .ok_or_else(|| damaged(format!("no document {}", piece.doc)))?;
            // Pieces come in document-id order, one per id.
            if brief.docs.last() != Some(&&*doc.doc) {
                brief.docs.push(&doc.doc);
            }
            brief.count += (piece.count & !Piece::MIXED) as usize;
            if i == 0 || piece.count & Piece::MIXED != 0 {
                let mut first = None;
                self.read_piece(piece, &mut buf, |doc, _, _, sentence| {
                    urls.extend(doc.url.as_deref());
                    if first.is_none() {
                        first = Some(Arc::from(sentence));
                    }
                })?;
                if i == 0 {
                    brief.first = first;
                }
            } else {
                urls.extend(doc.url.as_deref());
            }
        }
        brief.urls = urls.into_iter().collect();
        Ok(brief)
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

/// Where one piece of evidence is, with what the one-line exports need of it unread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Piece {
    loc: Loc,
    /// The store document of its first entry (all its entries share one document id).
    doc: u32,
    /// How many entries it holds; bit 31 ([`Piece::MIXED`]) set when they come from more
    /// than one record of that id (whose urls may differ).
    count: u32,
}

impl Piece {
    const MIXED: u32 = 1 << 31;

    /// How many evidence entries it holds.
    pub fn entries(&self) -> usize {
        (self.count & !Piece::MIXED) as usize
    }
}

/// What the one-line exports (a CSV row, a GraphML or GEXF edge) show of a relation's
/// evidence: its documents and urls (sorted, unique), its first sentence and its size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Brief<'a> {
    pub docs: Vec<&'a str>,
    pub urls: Vec<&'a str>,
    pub first: Option<Arc<str>>,
    pub count: usize,
}

impl<'a> Brief<'a> {
    /// The brief of evidence held in memory.
    pub fn of(evidence: &'a BTreeSet<Evidence>) -> Brief<'a> {
        let docs: BTreeSet<&str> = evidence.iter().map(|e| &*e.doc).collect();
        let urls: BTreeSet<&str> = evidence.iter().filter_map(|e| e.url.as_deref()).collect();
        Brief {
            docs: docs.into_iter().collect(),
            urls: urls.into_iter().collect(),
            first: evidence.iter().next().map(|e| e.sentence.clone()),
            count: evidence.len(),
        }
    }
}

fn damaged(what: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the build's temporary evidence file is damaged ({what})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(doc: &str, start: usize, sentence: &str, url: Option<&str>) -> Evidence {
        Evidence {
            doc: doc.into(),
            start,
            end: start + sentence.len(),
            sentence: sentence.into(),
            url: url.map(Arc::from),
            title: None,
            source: None,
        }
    }

    #[test]
    fn a_brief_equals_the_brief_of_the_evidence_read_back() {
        let mut store = EvidenceStore::temp_file();
        let docs = [
            ("a.txt", Some("https://a.example/1")),
            // Two records of one id with different urls: one mixed piece.
            ("b.txt", Some("https://b.example/1")),
            ("b.txt", Some("https://b.example/2")),
            ("c.txt", None),
        ];
        let index: Vec<u32> = docs
            .iter()
            .map(|(doc, url)| {
                store.add_doc(DocRef {
                    doc: (*doc).into(),
                    url: url.map(Arc::from),
                    title: None,
                    source: None,
                })
            })
            .collect();
        let a = [
            ev("a.txt", 0, "A met B.", docs[0].1),
            ev("a.txt", 9, "B met A.", docs[0].1),
        ];
        let b = [
            ev("b.txt", 0, "A met B again.", docs[1].1),
            ev("b.txt", 0, "A met B again.", docs[2].1),
        ];
        let c = [ev("c.txt", 4, "A and B met.", None)];
        store.stage(a.iter().map(|e| (index[0], e)));
        store.stage([(index[1], &b[0]), (index[2], &b[1])].into_iter());
        let mut pieces: Vec<Piece> = store.write_staged().collect();
        store.stage(c.iter().map(|e| (index[3], e)));
        pieces.extend(store.write_staged());
        let full = store.read(&pieces).unwrap();
        assert_eq!(full.len(), 5);
        let brief = store.brief(&pieces).unwrap();
        assert_eq!(brief, Brief::of(&full));
        assert_eq!(brief.docs, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(brief.urls.len(), 3);
        assert_eq!(brief.first.as_deref(), Some("A met B."));
        // Without the mixed piece, and from a later piece on.
        assert_eq!(
            store.brief(&pieces[2..]).unwrap(),
            Brief::of(&store.read(&pieces[2..]).unwrap())
        );
        assert_eq!(store.brief(&[]).unwrap(), Brief::default());
    }
}
