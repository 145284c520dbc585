//! Extraction records: one document's `Extraction` as one line of JSON, the unit that
//! `newsgraph extract` writes and `newsgraph build --from-extracted` reads.
//!
//! A record is the serde JSON of [`Extraction`] (`doc`, `date`, `entities`, `relations`)
//! with two more fields: `newsgraph_extract` (the record format version, [`VERSION`]) and
//! `words` (the document's whitespace-separated words, for the build summary). Unknown
//! fields are ignored, so a later version may add some.
//!
//! Invariant: records are a set. Resolution sorts them by document id, identical records
//! count once, and different records with the same id are merged under that id as `build`
//! merges two files with the same name. So the records of any split of a corpus, read in
//! any order, give the same graph as one `build` over the whole corpus
//! (`tests/split_merge.rs`).
//!
//! This module is the only one that knows the record format. It opens no files: lines come
//! from `input::lines`, and `write_line` writes to the writer it is given.

use crate::extract::Extraction;
use crate::input::{Diagnostic, Line};
use serde::{Deserialize, Serialize};

/// The record format version, written as `"newsgraph_extract": 1`.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct RecordOut<'a> {
    newsgraph_extract: u32,
    #[serde(flatten)]
    extraction: &'a Extraction,
    words: usize,
}

#[derive(Deserialize)]
struct RecordIn {
    newsgraph_extract: u32,
    #[serde(flatten)]
    extraction: Extraction,
    #[serde(default)]
    words: usize,
}

/// One record line (without the line end) for an extraction of a document of `words` words.
pub fn to_line(extraction: &Extraction, words: usize) -> String {
    serde_json::to_string(&RecordOut {
        newsgraph_extract: VERSION,
        extraction,
        words,
    })
    .expect("an Extraction always serializes: string keys, no floats")
}

/// Write one record line, with its line end, to `w`.
pub fn write_line(
    w: &mut dyn std::io::Write,
    extraction: &Extraction,
    words: usize,
) -> std::io::Result<()> {
    serde_json::to_writer(
        &mut *w,
        &RecordOut {
            newsgraph_extract: VERSION,
            extraction,
            words,
        },
    )?;
    w.write_all(b"\n")
}

/// Parse one record line: the extraction and its word count. A line that is not a record
/// of this version, or whose relations point outside its entities, is an error naming the
/// file and line.
pub fn parse(line: &Line) -> Result<(Extraction, usize), Diagnostic> {
    let bad = |why: String| Diagnostic::error(format!("{}: {why}; record skipped", line.at()));
    let record: RecordIn = match serde_json::from_slice(&line.bytes) {
        Ok(r) => r,
        Err(e) => {
            // Tell a record of another version from a broken line.
            let version = serde_json::from_slice::<Version>(&line.bytes)
                .ok()
                .and_then(|v| v.newsgraph_extract);
            return Err(match version {
                Some(v) if v != VERSION => bad(format!(
                    "record version {v}, but this newsgraph reads version {VERSION}"
                )),
                _ => bad(format!(
                    "not an extraction record of `newsgraph extract` ({e})"
                )),
            });
        }
    };
    if record.newsgraph_extract != VERSION {
        return Err(bad(format!(
            "record version {}, but this newsgraph reads version {VERSION}",
            record.newsgraph_extract
        )));
    }
    let x = record.extraction;
    if x.doc.is_empty() {
        return Err(bad("empty document id".into()));
    }
    let n = x.entities.len();
    if let Some(r) = x.relations.iter().find(|r| r.source >= n || r.target >= n) {
        return Err(bad(format!(
            "a relation refers to entity {}, but the record has {n} entities",
            r.source.max(r.target)
        )));
    }
    Ok((x, record.words))
}

#[derive(Deserialize)]
struct Version {
    newsgraph_extract: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Document;
    use crate::lexicon::Lexicon;

    fn line(s: &str) -> Line {
        Line {
            name: "part.jsonl".into(),
            number: 3,
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn round_trip() {
        let lex = Lexicon::builtin().unwrap();
        let doc = Document {
            id: "a.txt".into(),
            text: "Vice Minister Li Wei held talks with Ambassador Maria Costa in Brasilia.".into(),
            ..Document::default()
        };
        let x = crate::extract::extract(&doc, &lex);
        let text = to_line(&x, 12);
        assert!(text.starts_with(r#"{"newsgraph_extract":1,"doc":"a.txt","#));
        assert!(!text.contains('\n'));
        let (back, words) = parse(&line(&text)).unwrap();
        assert_eq!(back, x);
        assert_eq!(words, 12);
    }

    #[test]
    fn refuses_bad_lines() {
        let e = parse(&line("{not json")).unwrap_err();
        assert!(e.error);
        assert!(e
            .message
            .starts_with("part.jsonl:3: not an extraction record"));
        let e = parse(&line(r#"{"newsgraph_extract":2,"doc":"a"}"#)).unwrap_err();
        assert!(e.message.contains("record version 2"), "{}", e.message);
        let e = parse(&line(r#"{"id":"a","text":"b"}"#)).unwrap_err();
        assert!(e.message.contains("not an extraction record"));
        let e = parse(&line(
            r#"{"newsgraph_extract":1,"doc":"a","date":null,"entities":[],"relations":[{"rel_type":"MetWith","source":0,"target":1,"title":null,"date":null,"evidence":{"doc":"a","start":0,"end":1,"sentence":"x"}}]}"#,
        ))
        .unwrap_err();
        assert!(e.message.contains("refers to entity 1"), "{}", e.message);
    }
}
