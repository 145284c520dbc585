//! Input: files, folders and standard input → `Document`s.
//!
//! Invariant: a bad input never stops the run. It becomes a `Diagnostic` (an error when it
//! could not be read, a warning when it was read with repairs) and the other inputs go on.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

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
                walk(input, &mut found, &mut visited, &mut diags);
                if found.is_empty() {
                    diags.push(Diagnostic::error(format!(
                        "{}: folder holds no .txt articles",
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
            walk(&p, found, visited, diags);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")) {
            found.push(p);
        }
    }
}

/// Read one source into a document. `Err` is a diagnostic for an unreadable input; `Ok`
/// carries warnings (repaired encoding) alongside.
pub fn read(source: &Source) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let (id, name, bytes) = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Diagnostic::error(format!("standard input: {e}")))?;
            ("-".to_string(), "standard input".to_string(), buf)
        }
        Source::File(path) => {
            let bytes = fs::read(path)
                .map_err(|e| Diagnostic::error(format!("{}: {}", path.display(), e)))?;
            let id = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            (id, path.display().to_string(), bytes)
        }
    };
    let (text, warnings) = decode(&name, &bytes)?;
    Ok((Document { id, text }, warnings))
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
