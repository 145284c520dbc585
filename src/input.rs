//! Input: files, folders and standard input → `Document`s.
//!
//! Invariant: a bad input never stops the run. It becomes a `Diagnostic` (an error when it
//! could not be read, a warning when it was read with repairs) and the other inputs go on.

use serde::Deserialize;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One article: its id (the file name, `-`, or a JSON Lines `id`), its text as decoded from
/// the file (for HTML: the extracted article text), and what its input says about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub meta: DocMeta,
}

/// What an input says about a document besides its text: the `title`, `date`, `url` and
/// `source` fields of a JSON Lines document, or the `<title>`/`<meta>`/canonical link of an
/// HTML page. All absent for plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocMeta {
    pub title: Option<String>,
    /// ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), normalized from what the input gave.
    pub date: Option<String>,
    pub url: Option<String>,
    /// The publication or site (`source` in JSON Lines, `og:site_name` in HTML).
    pub source: Option<String>,
}

/// How inputs are read (`--input-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension: `.jsonl`/`.ndjson` → JSON Lines, `.html`/`.htm` → HTML, anything else
    /// (and standard input) → plain text. Folders are searched for all of them.
    #[default]
    Auto,
    /// Plain text articles (folders searched for `*.txt`, `*.text`).
    Text,
    /// JSON Lines, one document per line (folders searched for `*.jsonl`, `*.ndjson`).
    Jsonl,
    /// HTML pages, one article each (folders searched for `*.html`, `*.htm`).
    Html,
}

impl InputFormat {
    /// The file extensions a folder is searched for in this format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            InputFormat::Auto => &["txt", "text", "jsonl", "ndjson", "html", "htm"],
            InputFormat::Text => &["txt", "text"],
            InputFormat::Jsonl => &["jsonl", "ndjson"],
            InputFormat::Html => &["html", "htm"],
        }
    }

    /// The format a source is read in: the chosen one, or for `Auto` the one of its
    /// extension (plain text when it has no known one, and for standard input).
    pub fn of(self, source: &Source) -> InputFormat {
        if self != InputFormat::Auto {
            return self;
        }
        let Source::File(path) = source else {
            return InputFormat::Text;
        };
        let ext = path
            .extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        [InputFormat::Jsonl, InputFormat::Html]
            .into_iter()
            .find(|f| f.extensions().contains(&ext.as_str()))
            .unwrap_or(InputFormat::Text)
    }
}

/// A problem with one input, reported on stderr. Errors make `build` exit 2 at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub error: bool,
    pub message: String,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            error: true,
            message: message.into(),
        }
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            error: false,
            message: message.into(),
        }
    }
}

/// Where a document comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

/// Expand the command-line inputs into a sorted list of sources: files as given, folders
/// searched recursively for `*.txt` (sorted by path), `-` for standard input. Missing paths
/// and folders without articles are reported.
pub fn collect(inputs: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    collect_ext(inputs, "txt")
}

/// [`collect`], with folders searched for `*.<ext>` files instead (`jsonl` for JSON Lines
/// documents and extraction records).
pub fn collect_ext(inputs: &[PathBuf], ext: &str) -> (Vec<Source>, Vec<Diagnostic>) {
    collect_exts(inputs, &[ext])
}

/// [`collect`] for documents of `format`: folders are searched for its extensions (for
/// `Auto`, every known one).
pub fn collect_format(inputs: &[PathBuf], format: InputFormat) -> (Vec<Source>, Vec<Diagnostic>) {
    collect_exts(inputs, format.extensions())
}

fn collect_exts(inputs: &[PathBuf], exts: &[&str]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match fs::metadata(input) {
            Err(e) => diags.push(Diagnostic::error(format!("{}: {}", input.display(), e))),
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                let mut visited = Vec::new();
                walk(input, exts, &mut found, &mut visited, &mut diags);
                if found.is_empty() {
                    let what = match exts {
                        [one] => format!("no .{one} files"),
                        _ => {
                            let exts: Vec<String> = exts.iter().map(|x| format!(".{x}")).collect();
                            format!("no articles ({})", exts.join(", "))
                        }
                    };
                    diags.push(Diagnostic::error(format!(
                        "{}: folder holds {what}",
                        input.display()
                    )));
                }
                found.sort();
                sources.extend(found.into_iter().map(Source::File));
            }
            Ok(_) => sources.push(Source::File(input.clone())),
        }
    }
    (sources, diags)
}

fn walk(
    dir: &Path,
    exts: &[&str],
    found: &mut Vec<PathBuf>,
    visited: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    // Symlink loops: remember canonical folders already walked.
    if let Ok(canon) = fs::canonicalize(dir) {
        if visited.contains(&canon) {
            diags.push(Diagnostic::warning(format!(
                "{}: folder already visited (symlink loop?), skipped",
                dir.display()
            )));
            return;
        }
        visited.push(canon);
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::error(format!("{}: {}", dir.display(), e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, exts, found, visited, diags);
        } else if p
            .extension()
            .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
        {
            found.push(p);
        }
    }
}

/// Read one source into a document. `Err` is a diagnostic for an unreadable input; `Ok`
/// carries warnings (repaired encoding) alongside.
pub fn read(source: &Source) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let bytes = match source {
        Source::Stdin => read_stdin()?,
        Source::File(path) => {
            fs::read(path).map_err(|e| Diagnostic::error(format!("{}: {}", path.display(), e)))?
        }
    };
    document(source, &bytes)
}

/// The bytes of a source (standard input: all of it).
pub fn read_bytes(source: &Source) -> Result<Vec<u8>, Diagnostic> {
    match source {
        Source::Stdin => read_stdin(),
        Source::File(path) => {
            fs::read(path).map_err(|e| Diagnostic::error(format!("{}: {}", path.display(), e)))
        }
    }
}

/// All of standard input.
pub fn read_stdin() -> Result<Vec<u8>, Diagnostic> {
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| Diagnostic::error(format!("standard input: {e}")))?;
    Ok(buf)
}

/// The document id of a source: the file name, or `-` for standard input.
pub fn doc_id(source: &Source) -> String {
    match source {
        Source::Stdin => "-".to_string(),
        Source::File(path) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
    }
}

/// How diagnostics name a source: its path, or `standard input`.
pub fn shown(source: &Source) -> String {
    match source {
        Source::Stdin => "standard input".to_string(),
        Source::File(path) => path.display().to_string(),
    }
}

/// The document of a source whose bytes were already read (see [`decode`]).
pub fn document(source: &Source, bytes: &[u8]) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let (text, warnings) = decode(&shown(source), bytes)?;
    Ok((
        Document {
            id: doc_id(source),
            text,
            meta: DocMeta::default(),
        },
        warnings,
    ))
}

/// The document of an HTML page whose bytes were already read: decoded like a text
/// article, then its article text and metadata extracted (`html::article`). A page without
/// article text is a warning, and skipped.
pub fn html_document(
    source: &Source,
    bytes: &[u8],
) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let name = shown(source);
    let (page, warnings) = decode(&name, bytes)?;
    let article = crate::html::article(&page);
    if article.text.trim().is_empty() {
        return Err(Diagnostic::warning(format!(
            "{name}: no article text in this HTML page; skipped"
        )));
    }
    Ok((
        Document {
            id: doc_id(source),
            text: article.text,
            meta: article.meta,
        },
        warnings,
    ))
}

/// One line of a JSON Lines input: where it is, and its bytes without the line end.
#[derive(Clone, Debug)]
pub struct Line {
    /// The file (or `standard input`), as diagnostics name it.
    pub name: Arc<str>,
    /// 1-based.
    pub number: usize,
    pub bytes: Vec<u8>,
}

impl Line {
    /// `file:line`, the prefix of a diagnostic about this line.
    pub fn at(&self) -> String {
        format!("{}:{}", self.name, self.number)
    }
}

/// The non-blank lines of JSON Lines sources, one source after the other, read lazily (one
/// line at a time). A source that cannot be opened or read gives one `Err` and the rest
/// go on.
pub fn lines(sources: Vec<Source>) -> impl Iterator<Item = Result<Line, Diagnostic>> {
    let mut sources = sources.into_iter();
    let mut current: Option<(Arc<str>, usize, Box<dyn BufRead>)> = None;
    std::iter::from_fn(move || loop {
        let Some((name, number, reader)) = current.as_mut() else {
            let source = sources.next()?;
            let name: Arc<str> = shown(&source).into();
            let reader: Box<dyn BufRead> = match &source {
                Source::Stdin => Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
                Source::File(path) => match fs::File::open(path) {
                    Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                    Err(e) => return Some(Err(Diagnostic::error(format!("{name}: {e}")))),
                },
            };
            current = Some((name, 0, reader));
            continue;
        };
        let mut bytes = Vec::new();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) => current = None,
            Ok(_) => {
                *number += 1;
                while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    bytes.pop();
                }
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Some(Ok(Line {
                    name: name.clone(),
                    number: *number,
                    bytes,
                }));
            }
            Err(e) => {
                let d = Diagnostic::error(format!("{name}: {e}; the rest of it is skipped"));
                current = None;
                return Some(Err(d));
            }
        }
    })
}

/// A document given as one JSON Lines object: `{"id": "...", "text": "...", "title",
/// "date", "url", "source"}` (the last four optional strings or null; other fields are
/// ignored; a numeric id is taken as its decimal string).
#[derive(Deserialize)]
struct JsonDocument {
    id: JsonId,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonId {
    Text(String),
    Number(serde_json::Number),
}

/// Parse one JSON Lines document, with warnings (a `date` that is not a date, ignored). A
/// line that is not such an object (invalid JSON, no `id` or `text`, a field of the wrong
/// type) is a warning naming the file and line (the line is skipped), and so is an empty
/// text.
pub fn json_document(line: &Line) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let doc: JsonDocument = serde_json::from_slice(&line.bytes).map_err(|e| {
        Diagnostic::warning(format!(
            "{}: not a JSON document {{\"id\": ..., \"text\": ...}} ({e}); skipped",
            line.at()
        ))
    })?;
    let id = match doc.id {
        JsonId::Text(s) => s,
        JsonId::Number(n) => n.to_string(),
    };
    if id.is_empty() {
        return Err(Diagnostic::warning(format!(
            "{}: empty document id; skipped",
            line.at()
        )));
    }
    if doc
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(Diagnostic::warning(format!(
            "{}: empty article '{id}'; skipped",
            line.at()
        )));
    }
    let mut warnings = Vec::new();
    let date = doc.date.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let meta = DocMeta {
        title: clean_meta(doc.title),
        date: date.and_then(|d| {
            let iso = meta_date(d);
            if iso.is_none() {
                warnings.push(Diagnostic::warning(format!(
                    "{}: date {d:?} of '{id}' is not a date; ignored",
                    line.at()
                )));
            }
            iso
        }),
        url: clean_meta(doc.url),
        source: clean_meta(doc.source),
    };
    Ok((
        Document {
            id,
            text: doc.text,
            meta,
        },
        warnings,
    ))
}

/// A metadata string: whitespace runs (line breaks included) folded into one space, and
/// trimmed; empty is absent.
pub fn clean_meta(s: Option<String>) -> Option<String> {
    let s = s?;
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!folded.is_empty()).then_some(folded)
}

/// A document date given as metadata, as an ISO date: `2019-03-14`,
/// `2019-03-14T09:30:00Z`, `March 14, 2019`, `14.03.2019`, `2019-03` or `2019`; `None` when
/// it is none of these.
pub fn meta_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if digits(0..4) {
        // ISO 8601, possibly with a time: keep the date part, as far as it is valid.
        let month_ok = digits(5..7)
            && b[4] == b'-'
            && (1..=12).contains(&(s[5..7].parse::<u32>().unwrap_or(0)));
        let day_ok = month_ok
            && digits(8..10)
            && b[7] == b'-'
            && (1..=31).contains(&(s[8..10].parse::<u32>().unwrap_or(0)));
        let rest = |n: usize| b.get(n).is_none_or(|c| !c.is_ascii_digit());
        if day_ok && rest(10) {
            return Some(s[..10].to_string());
        }
        if month_ok && b.len() == 7 {
            return Some(s[..7].to_string());
        }
        if b.len() == 4 {
            return Some(s.to_string());
        }
    }
    crate::date::find_all(s)
        .into_iter()
        .find(|f| f.year.is_some())
        .and_then(|f| f.iso(None))
}

/// Decode bytes as an article: UTF-8 (BOM dropped later by normalization), UTF-16 with a
/// BOM, or lossy UTF-8 with a warning. Binary data and empty files are refused.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(kind) = binary_kind(bytes) {
        return Err(Diagnostic::error(format!(
            "{name}: looks like {kind}, not a text article; skipped"
        )));
    }
    let text = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        warnings.push(Diagnostic::warning(format!("{name}: decoded from UTF-16")));
        String::from_utf16_lossy(&units)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                warnings.push(Diagnostic::warning(format!(
                    "{name}: invalid UTF-8 at byte {}; replaced by U+FFFD",
                    e.valid_up_to()
                )));
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    };
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(Diagnostic::warning(format!(
            "{name}: empty article; skipped"
        )));
    }
    Ok((text, warnings))
}

fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"%PDF", "a PDF file"),
        (b"\x89PNG", "a PNG image"),
        (b"\x1f\x8b", "gzip data"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return Some("binary data");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses() {
        assert!(decode("a", b"%PDF-1.4 ...").is_err());
        assert!(decode("a", b"\x00\x01\x02abc").is_err());
        assert!(decode("a", b"  \n ").is_err());
        let (t, w) = decode("a", b"caf\xff ok").unwrap();
        assert_eq!(t, "caf\u{fffd} ok");
        assert!(w[0].message.contains("byte 3"));
        let utf16: Vec<u8> = [0xFF, 0xFE, b'H', 0, b'i', 0].to_vec();
        assert_eq!(decode("a", &utf16).unwrap().0, "Hi");
    }

    #[test]
    fn metadata_dates_become_iso() {
        assert_eq!(meta_date("2019-03-14").as_deref(), Some("2019-03-14"));
        assert_eq!(
            meta_date(" 2019-03-14T09:30:00Z").as_deref(),
            Some("2019-03-14")
        );
        assert_eq!(meta_date("2019-03").as_deref(), Some("2019-03"));
        assert_eq!(meta_date("2019").as_deref(), Some("2019"));
        assert_eq!(meta_date("March 14, 2019").as_deref(), Some("2019-03-14"));
        assert_eq!(meta_date("yesterday"), None);
        assert_eq!(meta_date("2019-13-01"), None);
    }

    #[test]
    fn json_documents_with_metadata() {
        let line = |s: &str| Line {
            name: "f.jsonl".into(),
            number: 4,
            bytes: s.as_bytes().to_vec(),
        };
        let (doc, warnings) = json_document(&line(
            r#"{"id": 7, "text": "T.", "title": " A\n title ", "date": "soon", "url": "u", "source": null, "x": 1}"#,
        ))
        .unwrap();
        assert_eq!(doc.id, "7");
        assert_eq!(doc.meta.title.as_deref(), Some("A title"));
        assert_eq!((doc.meta.date, doc.meta.source), (None, None));
        assert_eq!(doc.meta.url.as_deref(), Some("u"));
        assert_eq!(
            warnings[0].message,
            "f.jsonl:4: date \"soon\" of '7' is not a date; ignored"
        );
        for bad in [
            r#"{"id": "a"}"#,
            r#"{"id": "a", "text": 1}"#,
            r#"{"text": "b"}"#,
            "[1]",
        ] {
            let e = json_document(&line(bad)).unwrap_err();
            assert!(!e.error && e.message.starts_with("f.jsonl:4: not a JSON document"));
        }
    }

    #[test]
    fn formats_by_extension() {
        let f = |p: &str| InputFormat::Auto.of(&Source::File(p.into()));
        assert_eq!(f("a/b.JSONL"), InputFormat::Jsonl);
        assert_eq!(f("b.ndjson"), InputFormat::Jsonl);
        assert_eq!(f("b.htm"), InputFormat::Html);
        assert_eq!(f("b.txt"), InputFormat::Text);
        assert_eq!(f("b"), InputFormat::Text);
        assert_eq!(InputFormat::Auto.of(&Source::Stdin), InputFormat::Text);
        assert_eq!(InputFormat::Html.of(&Source::Stdin), InputFormat::Html);
    }
}
