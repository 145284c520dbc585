//! The extractions of a build, held out of memory until `resolve` reads them back.
//!
//! A build reads every document before it resolves any, and the extractions (each local
//! relation with its evidence sentence) grow with the words of the corpus. So `build`
//! writes each extraction, as it comes, to an unnamed temporary file (postcard, the crate
//! `export::snapshot` also uses): its entities (with the document date) and its relations
//! as two blobs, so that the passes of `resolve` decode only what they need. Memory keeps
//! one `Entry` per document: its id and where its blobs are.
//!
//! The file is created in `std::env::temp_dir()` and unlinked at once (on Unix), so nothing
//! is left behind, whatever happens. When it cannot be created or written, the records are
//! kept in memory instead (`Spill::in_memory` always does that), so spilling never stops a
//! build; a record that cannot be read back is reported by `Spill::take_errors`.

use crate::extract::{Extraction, LocalEntity, LocalRelation};
use crate::model::{Evidence, RelType};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// One document's record.
#[derive(Debug)]
pub(crate) struct Entry {
    pub doc: String,
    entities: Loc,
    relations: Loc,
    /// The document's metadata (JSON Lines, HTML), kept in memory: it is small.
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// Extractions written out, in the order of `entries` (which callers may reorder).
pub(crate) struct Spill {
    blobs: Blobs,
    pub entries: Vec<Entry>,
    errors: Vec<String>,
    /// The records whose error is in `errors` (by where their entities are).
    failed: std::collections::BTreeSet<u64>,
}

impl Spill {
    /// A spill that keeps its records in memory (compact, but still in memory).
    pub fn in_memory() -> Spill {
        Spill::with(Blobs::in_memory())
    }

    /// A spill to a temporary file, or in memory when no file can be created.
    pub fn to_temp_file() -> Spill {
        Spill::with(Blobs::temp_file("spill"))
    }

    fn with(blobs: Blobs) -> Spill {
        Spill {
            blobs,
            entries: Vec::new(),
            errors: Vec::new(),
            failed: Default::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Write one extraction; returns its index in `entries`.
    pub fn push(&mut self, x: &Extraction) -> usize {
        let entities = self.put(&(&x.date, &x.entities));
        let relations: Vec<Spilled> = x.relations.iter().map(Spilled::from).collect();
        let relations = self.put(&relations);
        self.entries.push(Entry {
            doc: x.doc.clone(),
            entities,
            relations,
            title: x.title.clone(),
            url: x.url.clone(),
            source: x.source.clone(),
        });
        self.entries.len() - 1
    }

    fn put<T: serde::Serialize>(&mut self, value: &T) -> Loc {
        let bytes = postcard::to_stdvec(value).expect("extractions always serialize");
        self.blobs.put(&bytes)
    }

    /// Decode the blob at `loc` with a buffer of its own (so several threads may decode at
    /// once).
    fn decode<T: serde::de::DeserializeOwned>(&self, loc: Loc) -> io::Result<T> {
        let mut buf = Vec::new();
        self.blobs.read(loc, &mut buf)?;
        postcard::from_bytes(&buf).map_err(io::Error::other)
    }

    /// The date and local entities of entry `i`, or an error for the caller to keep
    /// ([`Spill::error`]); `&self`, so several threads may read at once.
    pub fn read_entities(&self, i: usize) -> io::Result<(Option<String>, Vec<LocalEntity>)> {
        self.decode(self.entries[i].entities)
    }

    /// The local relations of entry `i` (see [`Spill::read_entities`]).
    pub fn read_relations(&self, i: usize) -> io::Result<Vec<LocalRelation>> {
        let spilled: Vec<Spilled> = self.decode(self.entries[i].relations)?;
        Ok(spilled.into_iter().map(LocalRelation::from).collect())
    }

    /// [`Spill::read_entities`], keeping an error and giving nothing for an unreadable
    /// record.
    pub fn entities(&mut self, i: usize) -> (Option<String>, Vec<LocalEntity>) {
        self.read_entities(i).unwrap_or_else(|e| {
            self.error(i, e);
            (None, Vec::new())
        })
    }

    /// [`Spill::read_relations`], keeping an error and giving nothing for an unreadable
    /// record.
    pub fn relations(&mut self, i: usize) -> Vec<LocalRelation> {
        self.read_relations(i).unwrap_or_else(|e| {
            self.error(i, e);
            Vec::new()
        })
    }

    /// The whole extraction of entry `i`.
    pub fn extraction(&mut self, i: usize) -> Extraction {
        let (date, entities) = self.entities(i);
        Extraction {
            doc: self.entries[i].doc.clone(),
            date,
            entities,
            relations: self.relations(i),
            title: self.entries[i].title.clone(),
            url: self.entries[i].url.clone(),
            source: self.entries[i].source.clone(),
        }
    }

    /// Keep the error of reading entry `i` (once per record: passes read a record more
    /// than once).
    pub fn error(&mut self, i: usize, e: io::Error) {
        if !self.failed.insert(self.entries[i].entities.at) {
            return;
        }
        self.errors.push(format!(
            "{}: its extraction could not be read back from the build's temporary file ({e}); \
             it is left out of the graph",
            self.entries[i].doc
        ));
    }

    /// The records that could not be read back, as messages.
    pub fn take_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.errors)
    }
}

/// A local relation as the spill file holds it. Postcard is not self-describing, so every
/// field is written (the evidence's document metadata, which `Evidence` skips when absent,
/// is not: it is kept once per document in `Entry`).
#[derive(Serialize, Deserialize)]
struct Spilled {
    rel_type: RelType,
    source: usize,
    target: usize,
    title: Option<String>,
    date: Option<String>,
    doc: Arc<str>,
    start: usize,
    end: usize,
    sentence: Arc<str>,
}

impl From<&LocalRelation> for Spilled {
    fn from(r: &LocalRelation) -> Self {
        Spilled {
            rel_type: r.rel_type,
            source: r.source,
            target: r.target,
            title: r.title.clone(),
            date: r.date.clone(),
            doc: r.evidence.doc.clone(),
            start: r.evidence.start,
            end: r.evidence.end,
            sentence: r.evidence.sentence.clone(),
        }
    }
}

impl From<Spilled> for LocalRelation {
    fn from(r: Spilled) -> Self {
        LocalRelation {
            rel_type: r.rel_type,
            source: r.source,
            target: r.target,
            title: r.title,
            date: r.date,
            evidence: Evidence {
                doc: r.doc,
                start: r.start,
                end: r.end,
                sentence: r.sentence,
                ..Evidence::default()
            },
        }
    }
}

/// Where a blob is: in the file or in the memory buffer (bit 63 of `at`), at `at`, `len`
/// bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Loc {
    at: u64,
    len: u64,
}

impl Loc {
    const IN_MEMORY: u64 = 1 << 63;

    /// The `len` bytes at `offset` of this blob (a part written with the others in one
    /// `Blobs::put`).
    pub fn part(self, offset: usize, len: usize) -> Loc {
        debug_assert!(offset + len <= self.len as usize);
        Loc {
            at: self.at + offset as u64,
            len: len as u64,
        }
    }
}

/// Byte blobs written once and read back by position: to an unnamed temporary file, or
/// to memory when no file can be created or written (a full disk: what follows stays in
/// memory, what the file holds is still read from it).
pub(crate) struct Blobs {
    /// Written without a buffer, so that a full disk shows at once (and the blob goes to
    /// memory instead) rather than at a later flush, when buffered blobs would be lost.
    file: Option<File>,
    file_len: u64,
    full: bool,
    mem: Vec<u8>,
    /// The file's path, when it could not be unlinked while open.
    remove: Option<std::path::PathBuf>,
}

impl Drop for Blobs {
    fn drop(&mut self) {
        self.file = None;
        if let Some(path) = self.remove.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Blobs {
    /// Blobs kept in memory.
    pub fn in_memory() -> Blobs {
        Blobs {
            file: None,
            file_len: 0,
            full: false,
            mem: Vec::new(),
            remove: None,
        }
    }

    /// Blobs in a temporary file named after `what`, or in memory when no file can be
    /// created.
    pub fn temp_file(what: &str) -> Blobs {
        static N: AtomicUsize = AtomicUsize::new(0);
        let mut blobs = Blobs::in_memory();
        let path = std::env::temp_dir().join(format!(
            ".newsgraph-{what}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path);
        if let Ok(file) = file {
            // Unlinked now: the open handle keeps the data, and nothing is left behind.
            // Where an open file cannot be removed, it is removed when dropped.
            blobs.remove = std::fs::remove_file(&path).is_err().then_some(path);
            blobs.file = Some(file);
        }
        blobs
    }

    /// Write one blob; where it is.
    pub fn put(&mut self, bytes: &[u8]) -> Loc {
        let len = bytes.len() as u64;
        if let Some(file) = self.file.as_mut().filter(|_| !self.full) {
            match file.write_all(bytes) {
                Ok(()) => {
                    let at = self.file_len;
                    self.file_len += len;
                    return Loc { at, len };
                }
                // A full disk: keep the rest in memory (a partial blob at the end of the
                // file is never read).
                Err(_) => self.full = true,
            }
        }
        let at = self.mem.len() as u64 | Loc::IN_MEMORY;
        self.mem.extend_from_slice(bytes);
        Loc { at, len }
    }

    /// Read the blob at `loc` into `buf` (replacing its contents). Takes `&self`: the file
    /// is read by position, so several threads may read at once.
    pub fn read(&self, loc: Loc, buf: &mut Vec<u8>) -> io::Result<()> {
        let len = usize::try_from(loc.len).map_err(io::Error::other)?;
        buf.clear();
        if loc.at & Loc::IN_MEMORY != 0 {
            let start = (loc.at & !Loc::IN_MEMORY) as usize;
            let bytes = self
                .mem
                .get(start..start + len)
                .ok_or_else(|| io::Error::other("a blob beyond the end of the buffer"))?;
            buf.extend_from_slice(bytes);
            return Ok(());
        }
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("the temporary file was closed"))?;
        buf.resize(len, 0);
        read_exact_at(file, buf, loc.at)
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_exact_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::Error::other(
        "reading a temporary file by position is not supported here",
    ))
}

#[cfg(test)]
impl Spill {
    /// Make entry `i`'s entities unreadable (their blob reaches past the end).
    pub fn damage(&mut self, i: usize) {
        self.entries[i].entities.len = u64::from(u32::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Label;

    fn extraction(doc: &str) -> Extraction {
        let person = |name: &str| LocalEntity {
            label: Label::Person,
            name: name.into(),
            named: true,
            aliases: Default::default(),
            acronyms: Default::default(),
            country: None,
            date: None,
            place: None,
        };
        Extraction {
            doc: doc.into(),
            date: Some("2024-05-01".into()),
            entities: vec![person("Ana Ruiz"), person("Li Wei")],
            relations: vec![LocalRelation {
                rel_type: RelType::MetWith,
                source: 0,
                target: 1,
                title: None,
                date: None,
                evidence: Evidence {
                    doc: doc.into(),
                    start: 0,
                    end: 20,
                    sentence: "Ana Ruiz met Li Wei.".into(),
                    ..Evidence::default()
                },
            }],
            title: None,
            url: Some("https://example.org/a".into()),
            source: None,
        }
    }

    #[test]
    fn records_read_back_as_written_from_memory_and_from_a_file() {
        for mut spill in [Spill::in_memory(), Spill::to_temp_file()] {
            let (a, b) = (extraction("a.txt"), extraction("b.txt"));
            assert_eq!(spill.push(&a), 0);
            assert_eq!(spill.push(&b), 1);
            assert_eq!(spill.extraction(1), b);
            assert_eq!(
                spill.read_entities(0).unwrap(),
                (a.date.clone(), a.entities)
            );
            assert_eq!(spill.read_relations(0).unwrap(), a.relations);
            assert!(spill.take_errors().is_empty());
        }
    }

    #[test]
    fn an_unreadable_record_is_one_error_however_often_it_is_read() {
        let mut spill = Spill::in_memory();
        spill.push(&extraction("a.txt"));
        spill.push(&extraction("b.txt"));
        spill.damage(1);
        assert!(spill.read_entities(1).is_err());
        assert_eq!(spill.entities(1), (None, Vec::new()));
        assert_eq!(spill.entities(1), (None, Vec::new()));
        let e = spill.read_entities(1).unwrap_err();
        spill.error(1, e);
        // The other record and the damaged one's relations are still there.
        assert_eq!(spill.read_entities(0).unwrap().1.len(), 2);
        assert_eq!(spill.relations(1).len(), 1);
        let errors = spill.take_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("b.txt: "), "{errors:?}");
    }
}
