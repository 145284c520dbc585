//! The build pipeline: inputs → documents → extractions → resolved graph.
//!
//! This is the library's façade for `newsgraph build` and `newsgraph extract`: it does no
//! printing; bad inputs come back as diagnostics and the rest of the corpus is still
//! processed.
//!
//! Documents are read and extracted in parallel (rayon, `Options::jobs` threads), a batch
//! at a time: a worker reads one file, extracts it and drops the text, so memory holds the
//! extractions, never the corpus. Results are delivered in input order (the order of
//! `input::collect`, then line order), so diagnostics and `newsgraph extract` output do not
//! depend on the thread count, and [`merge`] puts the extractions in a canonical order
//! before resolving: the exports are byte-identical for any `-j`, any input order and any
//! split of the corpus into extraction records.

use crate::evidence::EvidenceStore;
use crate::extract::{extract, Extraction};
use crate::graph::KnowledgeGraph;
use crate::input::{self, Diagnostic, Document, InputFormat, Line, Source};
use crate::lexicon::Lexicon;
use crate::ordered::in_order;
use crate::records;
use crate::resolve::{resolve, resolve_spilled, Known};
use crate::spill::Spill;
use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a build read and produced.
#[derive(Debug, Default)]
pub struct BuildStats {
    pub documents: usize,
    pub skipped: usize,
    pub words: usize,
    /// Time spent listing, reading and extracting the inputs (they overlap).
    pub extract_time: Duration,
    /// Time spent resolving the extractions into the graph.
    pub resolve_time: Duration,
}

/// Watches a build or an extraction as it runs, e.g. to draw a progress bar. Its methods are
/// called on the calling thread, in input order; the library itself never prints.
pub trait Observer {
    /// The inputs are listed: `total` documents are coming (`None` when that is not known
    /// before reading, as for JSON Lines and extraction records).
    fn started(&mut self, _total: Option<usize>) {}
    /// One result: a document read and extracted, a skipped input, or a note.
    fn item(&mut self, _item: &Item) {}
    /// Every input is read; the extractions are being resolved into the graph.
    fn resolving(&mut self) {}
}

/// An observer that does nothing.
impl Observer for () {}

/// How to read and extract.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Worker threads; 0 means one per core (`std::thread::available_parallelism`).
    pub jobs: usize,
    /// How the inputs are read: by extension (`Auto`, the default), or all as plain text,
    /// JSON Lines documents or HTML pages (see `input::InputFormat`).
    pub format: InputFormat,
}

impl Options {
    /// The number of worker threads these options ask for.
    pub fn threads(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}

/// One result of reading and extracting, in input order.
#[derive(Debug)]
pub enum Item {
    /// A document was read and extracted. `origin` names its input (path, `standard
    /// input`, or `file:line` for JSON Lines) for diagnostics.
    Document {
        extraction: Extraction,
        words: usize,
        origin: String,
    },
    /// An input was skipped (unreadable, binary, empty, or a bad JSON line).
    Skipped(Diagnostic),
    /// A remark that skips nothing (a repaired encoding, a folder without articles).
    Note(Diagnostic),
}

/// Read, extract and resolve every input with the default options (one thread per core).
pub fn build(inputs: &[PathBuf], lex: &Lexicon) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
    build_with(inputs, lex, Options::default())
}

/// Read, extract and resolve every input. The graph does not depend on `opts.jobs`.
pub fn build_with(
    inputs: &[PathBuf],
    lex: &Lexicon,
    opts: Options,
) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
    build_observed(inputs, lex, opts, &mut ())
}

/// [`build_with`], telling `observer` about each document as it is extracted.
pub fn build_observed(
    inputs: &[PathBuf],
    lex: &Lexicon,
    opts: Options,
    observer: &mut dyn Observer,
) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
    let started = Instant::now();
    let mut acc = Accumulator::default();
    let done = extract_each_observed(inputs, lex, opts, observer, |item| {
        acc.add(item, lex);
        Ok(())
    });
    acc.finish(done, lex, opts.threads(), started, observer)
}

/// Build from extraction records (JSON Lines written by `newsgraph extract`): files,
/// folders (searched for `*.jsonl`) or `-`. A bad record line is an error naming the file
/// and line, and is skipped. The graph equals the one `build` makes from the documents
/// (see `records`).
pub fn build_from_extracted(
    parts: &[PathBuf],
    lex: &Lexicon,
    opts: Options,
) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
    build_from_extracted_observed(parts, lex, opts, &mut ())
}

/// [`build_from_extracted`], telling `observer` about each record as it is read.
pub fn build_from_extracted_observed(
    parts: &[PathBuf],
    lex: &Lexicon,
    opts: Options,
    observer: &mut dyn Observer,
) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
    let started = Instant::now();
    let mut acc = Accumulator::default();
    let (sources, diags) = input::collect_ext(parts, "jsonl");
    acc.diags = diags;
    observer.started(None);
    let done = in_order(
        opts.threads(),
        input::lines(sources),
        |line| match line.and_then(|l| records::parse(&l).map(|x| (x, l.at()))) {
            Ok(((extraction, words), origin)) => Item::Document {
                extraction,
                words,
                origin,
            },
            Err(d) => Item::Skipped(d),
        },
        |item| {
            observer.item(&item);
            acc.add(item, lex);
            Ok(())
        },
    );
    acc.finish(done, lex, opts.threads(), started, observer)
}

/// Read and extract every input, calling `sink` with each result in input order (first
/// the diagnostics of expanding the inputs, then for each document its warnings and its
/// extraction). Stops at the first error of `sink` and returns it.
pub fn extract_each(
    inputs: &[PathBuf],
    lex: &Lexicon,
    opts: Options,
    sink: impl FnMut(Item) -> io::Result<()>,
) -> io::Result<()> {
    extract_each_observed(inputs, lex, opts, &mut (), sink)
}

/// [`extract_each`], telling `observer` about each item before `sink` gets it.
pub fn extract_each_observed(
    inputs: &[PathBuf],
    lex: &Lexicon,
    opts: Options,
    observer: &mut dyn Observer,
    sink: impl FnMut(Item) -> io::Result<()>,
) -> io::Result<()> {
    let (sources, diags) = input::collect_format(inputs, opts.format);
    // One document per source, except for JSON Lines.
    observer.started((opts.format != InputFormat::Jsonl).then_some(sources.len()));
    let mut sink = observed(observer, sink);
    for d in diags {
        sink(Item::Note(d))?;
    }
    // Each unit of work yields its warnings and then its document or the reason it was
    // skipped.
    let mut deliver = |(notes, item): (Vec<Diagnostic>, Item)| {
        for d in notes {
            sink(Item::Note(d))?;
        }
        sink(item)
    };
    // A unit is a JSON Lines line or a whole file. JSON Lines sources are read lazily, line by
    // line; standard input (as text or HTML) is read here, in order, so that a second `-`
    // reliably finds it empty; files are read by the workers.
    let units = sources.into_iter().flat_map(|source| {
        let format = opts.format.of(&source);
        let units: Box<dyn Iterator<Item = Unit>> = match (format, &source) {
            (InputFormat::Jsonl, _) => Box::new(input::lines(vec![source]).map(Unit::Line)),
            (_, Source::Stdin) => {
                let bytes = input::read_stdin();
                Box::new(std::iter::once(Unit::File(source, format, Some(bytes))))
            }
            _ => Box::new(std::iter::once(Unit::File(source, format, None))),
        };
        units
    });
    in_order(
        opts.threads(),
        units,
        |unit| match unit {
            Unit::Line(line) => {
                match line.and_then(|l| input::json_document(&l).map(|d| (d, l.at()))) {
                    Ok(((doc, warnings), origin)) => (warnings, extracted(&doc, lex, origin)),
                    Err(d) => (Vec::new(), Item::Skipped(d)),
                }
            }
            Unit::File(source, format, bytes) => {
                let read = bytes
                    .unwrap_or_else(|| input::read_bytes(&source))
                    .and_then(|b| match format {
                        InputFormat::Html => input::html_document(&source, &b),
                        _ => input::document(&source, &b),
                    });
                match read {
                    Ok((doc, warnings)) => (warnings, extracted(&doc, lex, input::shown(&source))),
                    Err(d) => (Vec::new(), Item::Skipped(d)),
                }
            }
        },
        &mut deliver,
    )
}

/// One unit of reading and extracting work.
enum Unit {
    /// A line of a JSON Lines source.
    Line(Result<Line, Diagnostic>),
    /// A text or HTML file, with its bytes when they were read already (standard input).
    File(Source, InputFormat, Option<Result<Vec<u8>, Diagnostic>>),
}

/// `sink`, showing each item to `observer` first.
fn observed<'a>(
    observer: &'a mut dyn Observer,
    mut sink: impl FnMut(Item) -> io::Result<()> + 'a,
) -> impl FnMut(Item) -> io::Result<()> + 'a {
    move |item| {
        observer.item(&item);
        sink(item)
    }
}

fn extracted(doc: &Document, lex: &Lexicon, origin: String) -> Item {
    Item::Document {
        extraction: extract(doc, lex),
        words: doc.text.split_whitespace().count(),
        origin,
    }
}

/// Resolve extractions into the graph. Their order does not matter: they are sorted by
/// document id; records with the same id are put in a canonical order (by their JSON) and
/// identical ones count once, so any order or split of the same set of extractions gives
/// the same graph.
pub fn merge(mut extractions: Vec<Extraction>, lex: &Lexicon) -> KnowledgeGraph {
    extractions.sort_by(|a, b| a.doc.cmp(&b.doc));
    let mut canonical = Vec::with_capacity(extractions.len());
    let mut it = extractions.into_iter().peekable();
    while let Some(x) = it.next() {
        if it.peek().is_none_or(|next| next.doc != x.doc) {
            canonical.push(x);
            continue;
        }
        let mut same: Vec<(String, Extraction)> = vec![(records::to_line(&x, 0), x)];
        while let Some(y) = it.next_if(|y| y.doc == same[0].1.doc) {
            same.push((records::to_line(&y, 0), y));
        }
        same.sort_by(|a, b| a.0.cmp(&b.0));
        same.dedup_by(|a, b| a.0 == b.0);
        canonical.extend(same.into_iter().map(|(_, x)| x));
    }
    // `resolve` sorts by document id with a stable sort, which keeps this order.
    let (entities, relations) = resolve(canonical, lex);
    let (graph, dropped) = KnowledgeGraph::new(entities, relations);
    debug_assert!(
        dropped.is_empty(),
        "resolve only relates entities it created"
    );
    graph
}

/// Collects the items of a build: extractions (written out to a `Spill` as they come),
/// counts, diagnostics, and a warning when a document id comes back.
struct Accumulator {
    extractions: Spill,
    /// Resolution's first pass, made as the extractions come.
    known: Known,
    stats: BuildStats,
    diags: Vec<Diagnostic>,
    /// document id → (where it was first read, its index in `extractions`)
    first: HashMap<String, (String, usize)>,
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator {
            extractions: Spill::to_temp_file(),
            known: Known::default(),
            stats: BuildStats::default(),
            diags: Vec::new(),
            first: HashMap::new(),
        }
    }
}

impl Accumulator {
    /// Resolve what was collected, as [`merge`] does, reading the spilled extractions back
    /// on `threads` threads; `done` is how the reading ended, `started` when it began.
    fn finish(
        mut self,
        done: io::Result<()>,
        lex: &Lexicon,
        threads: usize,
        started: Instant,
        observer: &mut dyn Observer,
    ) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
        // The accumulator never fails: only a stop request (`cancel`) ends the reading early,
        // and then nothing is resolved.
        if done.is_err() {
            return (KnowledgeGraph::default(), self.stats, self.diags);
        }
        self.stats.extract_time = started.elapsed();
        observer.resolving();
        let resolving = Instant::now();
        let spill = &mut self.extractions;
        // By document id (stably); records with the same id in a canonical order, identical
        // ones once.
        let mut entries = std::mem::take(&mut spill.entries);
        entries.sort_by(|a, b| a.doc.cmp(&b.doc));
        let mut canonical = Vec::with_capacity(entries.len());
        let mut it = entries.into_iter().peekable();
        while let Some(x) = it.next() {
            if it.peek().is_none_or(|next| next.doc != x.doc) {
                canonical.push(x);
                continue;
            }
            let mut same = vec![x];
            while let Some(y) = it.next_if(|y| y.doc == same[0].doc) {
                same.push(y);
            }
            spill.entries = same;
            let mut lines: Vec<(String, usize)> = (0..spill.entries.len())
                .map(|i| (records::to_line(&spill.extraction(i), 0), i))
                .collect();
            lines.sort();
            lines.dedup_by(|a, b| a.0 == b.0);
            let mut same: Vec<Option<crate::spill::Entry>> = std::mem::take(&mut spill.entries)
                .into_iter()
                .map(Some)
                .collect();
            canonical.extend(lines.into_iter().filter_map(|(_, i)| same[i].take()));
        }
        spill.entries = canonical;
        // The relations' evidence goes to a store, out of memory (see `evidence`).
        let mut store = EvidenceStore::temp_file();
        let known = std::mem::take(&mut self.known);
        let resolved = resolve_spilled(spill, known, lex, Some(&mut store), threads);
        let Ok((entities, relations, pieces)) = resolved else {
            // Stopped (`cancel`): nothing is resolved.
            return (KnowledgeGraph::default(), self.stats, self.diags);
        };
        for e in spill.take_errors() {
            self.diags.push(Diagnostic::error(e));
        }
        // Resolved: the records are not read again; free them before the graph is built.
        drop(std::mem::replace(&mut self.extractions, Spill::in_memory()));
        let (graph, dropped) = KnowledgeGraph::with_store(entities, relations, pieces, store);
        debug_assert!(
            dropped.is_empty(),
            "resolve only relates entities it created"
        );
        self.stats.resolve_time = resolving.elapsed();
        (graph, self.stats, self.diags)
    }

    fn add(&mut self, item: Item, lex: &Lexicon) {
        match item {
            Item::Document {
                extraction,
                words,
                origin,
            } => {
                self.stats.documents += 1;
                self.stats.words += words;
                let index = self.extractions.len();
                match self.first.get(&extraction.doc) {
                    Some((first, i)) => {
                        let how = if self.extractions.extraction(*i) == extraction {
                            "the same extraction, counted once"
                        } else {
                            "their facts are merged under it"
                        };
                        self.diags.push(Diagnostic::warning(format!(
                            "{origin}: document id '{}' was already read from {first}; {how}",
                            extraction.doc
                        )));
                    }
                    None => {
                        self.first.insert(extraction.doc.clone(), (origin, index));
                    }
                }
                self.known.add(&extraction.entities, lex);
                self.extractions.push(&extraction);
            }
            Item::Skipped(d) => {
                self.stats.skipped += 1;
                self.diags.push(d);
            }
            Item::Note(d) => self.diags.push(d),
        }
    }
}

/// Run `f` on a rayon pool of `threads` threads (0: one per core), so that the parallel
/// parts of the library it calls (e.g. `export::write`) use that many.
pub fn with_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    let threads = Options {
        jobs: threads,
        ..Options::default()
    }
    .threads();
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}
