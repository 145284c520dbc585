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
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Where a blob is: in the file or in the memory buffer, at `offset`, `len` bytes.
#[derive(Clone, Copy, Debug)]
struct Loc {
    in_file: bool,
    offset: u64,
    len: usize,
}

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
    /// Written without a buffer, so that a full disk shows at once (and the record goes to
    /// memory instead) rather than at a later flush, when buffered records would be lost.
    file: Option<File>,
    file_len: u64,
    /// A write to the file failed (a full disk): what follows is kept in memory, what the
    /// file holds is still read from it.
    full: bool,
    mem: Vec<u8>,
    pub entries: Vec<Entry>,
    errors: Vec<String>,
    /// The file's path, when it could not be unlinked while open.
    remove: Option<std::path::PathBuf>,
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.file = None;
        if let Some(path) = self.remove.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Spill {
    /// A spill that keeps its records in memory (compact, but still in memory).
    pub fn in_memory() -> Spill {
        Spill {
            file: None,
            file_len: 0,
            full: false,
            mem: Vec::new(),
            entries: Vec::new(),
            errors: Vec::new(),
            remove: None,
        }
    }

    /// A spill to a temporary file, or in memory when no file can be created.
    pub fn to_temp_file() -> Spill {
        static N: AtomicUsize = AtomicUsize::new(0);
        let mut spill = Spill::in_memory();
        let path = std::env::temp_dir().join(format!(
            ".newsgraph-spill-{}-{}",
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
            // Where an open file cannot be removed, it is removed when the spill is dropped.
            spill.remove = std::fs::remove_file(&path).is_err().then_some(path);
            spill.file = Some(file);
        }
        spill
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
        if let Some(file) = self.file.as_mut().filter(|_| !self.full) {
            match file.write_all(&bytes) {
                Ok(()) => {
                    let loc = Loc {
                        in_file: true,
                        offset: self.file_len,
                        len: bytes.len(),
                    };
                    self.file_len += bytes.len() as u64;
                    return loc;
                }
                // A full disk: keep the rest in memory (a partial record at the end of the
                // file is never read).
                Err(_) => self.full = true,
            }
        }
        let loc = Loc {
            in_file: false,
            offset: self.mem.len() as u64,
            len: bytes.len(),
        };
        self.mem.extend_from_slice(&bytes);
        loc
    }

    fn get<T: serde::de::DeserializeOwned>(&mut self, loc: Loc) -> io::Result<T> {
        let mut buf;
        let bytes: &[u8] = if loc.in_file {
            let mut f = self
                .file
                .as_ref()
                .ok_or_else(|| io::Error::other("the spill file was closed"))?;
            f.seek(SeekFrom::Start(loc.offset))?;
            buf = vec![0; loc.len];
            let read = f.read_exact(&mut buf);
            // Back to the end, where the next record is written.
            f.seek(SeekFrom::End(0))?;
            read?;
            &buf
        } else {
            let start = loc.offset as usize;
            &self.mem[start..start + loc.len]
        };
        postcard::from_bytes(bytes).map_err(io::Error::other)
    }

    /// The date and local entities of entry `i` (none, and an error kept, if unreadable).
    pub fn entities(&mut self, i: usize) -> (Option<String>, Vec<LocalEntity>) {
        let loc = self.entries[i].entities;
        match self.get(loc) {
            Ok(x) => x,
            Err(e) => {
                self.error(i, e);
                (None, Vec::new())
            }
        }
    }

    /// The local relations of entry `i` (none, and an error kept, if unreadable).
    pub fn relations(&mut self, i: usize) -> Vec<LocalRelation> {
        let loc = self.entries[i].relations;
        match self.get::<Vec<Spilled>>(loc) {
            Ok(x) => x.into_iter().map(LocalRelation::from).collect(),
            Err(e) => {
                self.error(i, e);
                Vec::new()
            }
        }
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

    fn error(&mut self, i: usize, e: io::Error) {
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
