//! Input: files, folders and standard input → `Document`s.
//!
//! Invariant: a bad input never stops the run. It becomes a `Diagnostic` (an error when it
//! could not be read, a warning when it was read with repairs) and the other inputs go on.

use serde::Deserialize;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One article: its id (the file name, or `-`) and its text as decoded from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub text: String,
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
                walk(input, ext, &mut found, &mut visited, &mut diags);
                if found.is_empty() {
                    let what = if ext == "txt" { "articles" } else { "files" };
                    diags.push(Diagnostic::error(format!(
                        "{}: folder holds no .{ext} {what}",
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
    ext: &str,
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
            walk(&p, ext, found, visited, diags);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext)) {
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

/// A document given as one JSON Lines object: `{"id": "...", "text": "...", ...}` (other
/// fields are ignored; a numeric id is taken as its decimal string).
#[derive(Deserialize)]
struct JsonDocument {
    id: JsonId,
    text: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonId {
    Text(String),
    Number(serde_json::Number),
}

/// Parse one JSON Lines document. A line that is not such an object is a warning naming
/// the file and line (the line is skipped), and so is an empty text.
pub fn json_document(line: &Line) -> Result<Document, Diagnostic> {
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
    Ok(Document { id, text: doc.text })
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
}
