//! Extraction: one document → its entities and relations (`Extraction`), with evidence.
//!
//! Invariants: extraction sees one document and never fails; it reads only the document and
//! the lexicon (no global state), so documents can be extracted in any order, in parallel or
//! on other machines (`newsgraph extract`). Names come from patterns and context (titles,
//! organization head words, appositions, relation verbs), never from lists of names.
//!
//! Per sentence: tokens → phrase runs (capitalized words with connectors) → organization,
//! event, agreement and country mentions → person mentions in the gaps → relations from
//! verb patterns. Per document: acronyms, short forms (`DDG Cai`, `Wang`) and described
//! agreements (`the MOU`) are joined to the full names; unnamed events stand for the talks
//! the article reports (one per separate meeting) and for its ceremony.

use crate::date;
use crate::input::Document;
use crate::lexicon::{fold, key_of, Lexicon};
use crate::model::{Evidence, Label, RelType};
use crate::text::{longest, lower, strip_possessive, tokenize, Lower, Text, Token, MAX_SPAN};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An entity as one document knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEntity {
    pub label: Label,
    pub name: String,
    pub named: bool,
    pub aliases: BTreeSet<String>,
    /// Acronyms defined for it in this document.
    pub acronyms: BTreeSet<String>,
    pub country: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
}

/// A relation between two local entities (indices into `Extraction::entities`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalRelation {
    pub rel_type: RelType,
    pub source: usize,
    pub target: usize,
    pub title: Option<String>,
    pub date: Option<String>,
    pub evidence: Evidence,
}

/// Everything one document gives: the unit `resolve` merges across documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    pub doc: String,
    /// The document's date: the dateline of its text, else the date its input gave
    /// (`DocMeta::date`).
    pub date: Option<String>,
    pub entities: Vec<LocalEntity>,
    pub relations: Vec<LocalRelation>,
    /// What the input said about the document (JSON Lines / HTML metadata), carried into
    /// the evidence by `resolve`. Absent for plain text, and then not written in records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A mention of an entity in a sentence: token span `[start, end)`.
#[derive(Clone, Debug)]
struct Mention {
    label: Label,
    start: usize,
    end: usize,
    entity: usize,
}

/// Lower-case references to things named elsewhere: `the meeting`, `the MOU`.
#[derive(Clone, Debug)]
struct Reference {
    label: Label,
    at: usize,
    /// The lower-case head word (`forum`, `meeting`, `mou`).
    word: String,
}

struct Doc<'l> {
    lex: &'l Lexicon,
    /// The normalized text of the document.
    norm: &'l str,
    doc_id: String,
    entities: Vec<LocalEntity>,
    /// (label, key of name) → entity
    by_name: BTreeMap<(Label, String), usize>,
    /// acronym → organization
    acronyms: BTreeMap<String, usize>,
    relations: Vec<LocalRelation>,
    /// persons who head a delegation, in order
    delegation_heads: Vec<usize>,
    talks: Option<usize>,
    /// Every unnamed talks event of the article with its parties, in order of creation.
    all_talks: Vec<(usize, Vec<usize>)>,
    /// The talks events the sentence being read has made or joined.
    talks_here: Vec<usize>,
    /// The agreement named last, up to the sentence being read (what `the document`, `the
    /// letter` refer to).
    last_agreement_seen: Option<usize>,
    /// Talks events of a later, separate meeting (`X also met with Y`), not the main talks.
    secondary: Vec<usize>,
    /// The talks events that are signings (`A and B signed`), not talks.
    signings: Vec<usize>,
    /// The last people named together as one group (`the joint chairmanship of A and B`).
    last_group: Vec<usize>,
    /// The person last named as the subject of a sentence (for `he`/`she`).
    last_subject: Option<usize>,
    /// The sentence being read is a headline.
    in_heading: bool,
    /// Agreements described (not named) in headlines: restatements of the named one.
    heading_agreements: Vec<usize>,
    /// Titles seen with people (`minister`), for `the minister said`.
    roles: Vec<(usize, String)>,
    /// The named event mentioned last (the context of `On the occasion, ...`).
    last_event: Option<usize>,
    /// The sentence being read tells of another gathering (`Earlier in the day, ...`).
    shifted: bool,
    /// The talks event made for such a gathering.
    shifted_talks: Option<usize>,
    /// The named event the talks were held within the framework of (not `the meeting`).
    framework: Option<usize>,
    /// Bullet lists after `... attended by the following:` — the event they attended.
    list_event: Option<usize>,
    /// A named event the reported talks took place at (`on the sidelines of the X Expo`).
    venue: Option<usize>,
    /// The unnamed ceremony the article reports (`the handover ceremony`), an event of its
    /// own beside the talks.
    ceremony: Option<usize>,
    /// Agreements signed at a named event (`signed on the sidelines of the X`): whoever
    /// signed the agreement attended the event.
    signed_at: Vec<(usize, usize, Evidence)>,
    /// Countries a headline says signed an instrument (`Kenya and Morocco sign MoU`):
    /// (country, agreement, evidence), kept when the instrument is between the countries.
    heading_signings: Vec<(usize, usize, Evidence)>,
    /// Members of a delegation (`The delegation also included A and B`, `A accompanied the
    /// delegation`): they attended the talks.
    delegation_members: Vec<(usize, Evidence)>,
    /// The agreement a sentence said was signed during the talks.
    talks_signing: Option<usize>,
    doc_year: Option<i32>,
    doc_date: Option<String>,
}

/// Extract one document. Never fails: should a rule meet input it was not written for and
/// panic, the document yields no facts (see `try_extract` to report it).
pub fn extract(doc: &Document, lex: &Lexicon) -> Extraction {
    try_extract(doc, lex).unwrap_or_else(|_| Extraction {
        doc: doc.id.clone(),
        date: doc.meta.date.clone(),
        entities: Vec::new(),
        relations: Vec::new(),
        title: doc.meta.title.clone(),
        url: doc.meta.url.clone(),
        source: doc.meta.source.clone(),
    })
}

/// Extract one document; `Err` (with the panic's message) if a rule panicked on it. A safety
/// net only: the property and fuzz tests keep every rule panic-free.
pub fn try_extract(doc: &Document, lex: &Lexicon) -> Result<Extraction, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_document(doc, lex))).map_err(
        |e| {
            e.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string())
        },
    )
}

fn extract_document(doc: &Document, lex: &Lexicon) -> Extraction {
    let text = Text::new(&doc.text);
    let sentences = text.sentences(lex);
    let mut d = Doc {
        lex,
        norm: &text.norm,
        doc_id: doc.id.clone(),
        entities: Vec::new(),
        by_name: BTreeMap::new(),
        acronyms: BTreeMap::new(),
        relations: Vec::new(),
        delegation_heads: Vec::new(),
        talks: None,
        all_talks: Vec::new(),
        signings: Vec::new(),
        secondary: Vec::new(),
        talks_here: Vec::new(),
        last_agreement_seen: None,
        last_group: Vec::new(),
        last_subject: None,
        list_event: None,
        last_event: None,
        shifted: false,
        shifted_talks: None,
        framework: None,
        roles: Vec::new(),
        in_heading: false,
        heading_agreements: Vec::new(),
        venue: None,
        ceremony: None,
        signed_at: Vec::new(),
        heading_signings: Vec::new(),
        delegation_members: Vec::new(),
        talks_signing: None,
        doc_year: None,
        doc_date: None,
    };
    // The document's date: the first full date in its first lines (dateline), else a year.
    for s in sentences.iter().take(6) {
        if let Some(f) = date::find_all(&s.text)
            .into_iter()
            .find(|f| f.year.is_some())
        {
            d.doc_year = f.year;
            d.doc_date = f.iso(None);
            break;
        }
    }
    // Else the date the input gave (JSON Lines `date`, HTML `<meta>`), else the first year.
    if d.doc_year.is_none() {
        if let Some(meta) = &doc.meta.date {
            d.doc_year = meta.get(..4).and_then(|y| y.parse().ok());
            d.doc_date = Some(meta.clone());
        }
    }
    if d.doc_year.is_none() {
        d.doc_year = sentences.iter().find_map(|s| date::first_year(&s.text));
    }

    // Pass 1: names from strong patterns over the whole document, so that later sentences
    // (and earlier headlines) can use them.
    // (sentence, its tokens, mentions, references); the tokens are reused by pass 2.
    let mut analysed = Vec::new();
    let mut known_persons: Vec<String> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        if s.debris {
            continue;
        }
        let toks = tokenize(&s.text, lex);
        let mentions = d.phrase_mentions(&s.text, &toks, s.heading);
        for name in d.strong_persons(&toks, &mentions, s.heading) {
            if !known_persons.contains(&name) {
                known_persons.push(name);
            }
        }
        analysed.push((si, toks, mentions, Vec::new()));
    }
    // Longer names first; a shorter name made of the words of a longer one (`Gonçalves da
    // Silva`, `Thu Ha`) is its short form, not another person.
    known_persons.sort_by_key(|n| std::cmp::Reverse(n.split_whitespace().count()));
    for name in &known_persons {
        let words: Vec<String> = fold(name).split(' ').map(String::from).collect();
        let longer = d.entities.iter().position(|e| {
            e.label == Label::Person && {
                let full: Vec<String> = fold(&e.name).split(' ').map(String::from).collect();
                (full.len() > words.len()
                    && full.windows(words.len()).any(|w| w == words.as_slice()))
                    || initials_of(&words, &full)
                    || reversed_pair(&words, &full)
            }
        });
        match longer {
            Some(e) => d.add_alias(e, name),
            None => {
                d.entity(Label::Person, name);
            }
        }
    }
    // Pass 2: every person mention (full and short forms), references, relations.
    // One shared copy of the document id for the evidence of every sentence.
    let doc_id: std::sync::Arc<str> = doc.id.as_str().into();
    for (si, toks, mentions, refs) in analysed.iter_mut() {
        let s = &sentences[*si];
        let toks: &[Token] = toks;
        d.caps_family_names(mentions);
        let mut persons = d.person_mentions(toks, mentions);
        mentions.append(&mut persons);
        d.head_noun_mentions(toks, mentions);
        mentions.sort_by_key(|m| (m.start, m.end));
        *refs = references(toks);
        let ev = Evidence {
            doc: doc_id.clone(),
            start: text.orig_offset(s.start),
            end: text.orig_offset(s.end),
            sentence: s.text.as_str().into(),
            ..Evidence::default()
        };
        // Items of a list of participants (`- Dr. X, Permanent Secretary, ...;`).
        let bullet = s.bullet;
        match d.list_event {
            Some(event) if bullet => {
                for p in mentions.iter().filter(|m| m.label == Label::Person) {
                    d.relate(RelType::Attended, p.entity, event, None, None, &ev);
                }
            }
            _ => d.list_event = None,
        }
        d.in_heading = s.heading && !bullet;
        if d.in_heading {
            // A headline's instrument restates the article's (`Iran and Armenia Sign
            // Executive Program`): it joins the fullest named one (`consolidate`).
            for m in mentions.iter().filter(|m| m.label == Label::Agreement) {
                if !d.heading_agreements.contains(&m.entity) {
                    d.heading_agreements.push(m.entity);
                }
            }
        }
        d.relations_of(&s.text, toks, mentions, refs, &ev);
    }
    if let Some(t) = d.talks {
        for (p, ev) in std::mem::take(&mut d.delegation_members) {
            d.relate(RelType::Attended, p, t, None, None, &ev);
        }
    }
    d.consolidate();
    d.heading_country_signings();
    d.attend_signing_venues();
    d.finish_talks();
    d.dedup_relations();
    Extraction {
        doc: doc.id.clone(),
        date: d.doc_date.clone(),
        entities: d.entities,
        relations: d.relations,
        title: doc.meta.title.clone(),
        url: doc.meta.url.clone(),
        source: doc.meta.source.clone(),
    }
}

/// `b yuldashev` for `bekzod rustamovich yuldashev`: the same family name, and initials of
/// given names in their order.
fn initials_of<A: AsRef<str>, B: AsRef<str>>(short: &[A], full: &[B]) -> bool {
    let (Some((last, given)), Some((full_last, full_given))) =
        (short.split_last(), full.split_last())
    else {
        return false;
    };
    if last.as_ref() != full_last.as_ref()
        || given.is_empty()
        || !given.iter().all(|w| w.as_ref().chars().count() == 1)
    {
        return false;
    }
    let mut rest = full_given.iter();
    given
        .iter()
        .all(|i| rest.any(|w| w.as_ref().chars().next() == i.as_ref().chars().next()))
}

/// `min soo kang` for `kang min soo` (folded `Min-soo Kang`, `Kang Min-soo`): the same
/// words of a two- or three-word name with the family name moved from one end to the other.
fn reversed_pair<A: AsRef<str>, B: AsRef<str>>(short: &[A], full: &[B]) -> bool {
    let n = full.len();
    if short.len() != n || !(2..=3).contains(&n) {
        return false;
    }
    let eq = |i: usize, j: usize| short[i].as_ref() == full[j].as_ref();
    let differs = (0..n).any(|i| !eq(i, i));
    let left = (0..n).all(|i| eq(i, (i + 1) % n));
    let right = (0..n).all(|i| eq((i + 1) % n, i));
    differs && (left || right)
}

/// A plural noun for institutions (`the two ministries`, `Polish and Mongolian academies`).
fn is_institutions(lower: &str) -> bool {
    matches!(
        lower,
        "ministries"
            | "institutions"
            | "organizations"
            | "organisations"
            | "academies"
            | "agencies"
            | "universities"
            | "councils"
            | "foundations"
            | "governments"
    )
}

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Word endings of English common nouns that are not personal names (`Studies`,
/// `Appropriation`, `Development`).
fn is_common_noun_form(w: &str) -> bool {
    let l = w.to_lowercase();
    l.chars().count() > 5
        && [
            "tion", "sion", "ment", "ness", "ities", "ies", "ics", "logy", "ship", "ism", "ance",
            "ices", "ical",
        ]
        .iter()
        .any(|suf| l.ends_with(suf))
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn is_ordinal(w: &str) -> bool {
    if w.is_ascii() && w.len() <= 16 {
        // The common case without allocating: the same test on a lower-cased stack copy.
        let mut buf = [0u8; 16];
        buf[..w.len()].copy_from_slice(w.as_bytes());
        buf[..w.len()].make_ascii_lowercase();
        return ordinal_lower(std::str::from_utf8(&buf[..w.len()]).unwrap_or(""));
    }
    ordinal_lower(&w.to_lowercase())
}

/// `is_ordinal` of a lower-case word.
fn ordinal_lower(l: &str) -> bool {
    (l.len() >= 3
        && l.chars().next().is_some_and(|c| c.is_ascii_digit())
        && (l.ends_with("st") || l.ends_with("nd") || l.ends_with("rd") || l.ends_with("th")))
        || matches!(
            l,
            "first"
                | "second"
                | "third"
                | "fourth"
                | "fifth"
                | "sixth"
                | "seventh"
                | "eighth"
                | "ninth"
                | "tenth"
                | "eleventh"
                | "twelfth"
        )
}

fn run_has_head_before(lex: &Lexicon, toks: &[Token], i: usize, j: usize) -> bool {
    j > i && (lex.is_org_head(toks[j - 1].text) || lex.is_event_word(toks[j - 1].text))
}

fn is_connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "for"
            | "on"
            | "and"
            | "the"
            | "to"
            | "in"
            | "between"
            | "&"
            | "de"
            | "del"
            | "von"
            | "van"
            | "der"
            | "la"
            | "los"
            | "das"
            | "do"
            | "dos"
    )
}

/// The reference word of a ceremony named by its purpose (`the handover ceremony`).
const NEW_CEREMONY: &str = "ceremony:new";

/// The reference word of `the signing ceremony`: the gathering the signing was part of.
const SIGNING_CEREMONY: &str = "ceremony:signing";

/// The value of `Doc::acronyms` for an acronym that names no node (a programme, a place).
const NOT_A_NODE: usize = usize::MAX;

mod consolidate;
mod mentions;
mod relations;
#[cfg(test)]
mod tests;

/// The tokens' text joined with single spaces.
fn join_words(toks: &[Token]) -> String {
    toks.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

/// Mentions not inside another mention (a country inside an organization's name is skipped).
fn top_level(mentions: &[Mention]) -> Vec<&Mention> {
    mentions
        .iter()
        .filter(|m| {
            !mentions.iter().any(|o| {
                o.start <= m.start && m.end <= o.end && (o.end - o.start) > (m.end - m.start)
            })
        })
        .collect()
}

/// Does the space-separated `hay` contain the words of `needle` in a row?
fn contains_words(hay: &str, needle: &str) -> bool {
    format!(" {hay} ").contains(&format!(" {needle} "))
}

/// The name spelled by tokens `a..b` (possessive dropped).
fn person_name(toks: &[Token], a: usize, b: usize) -> String {
    let mut words: Vec<&str> = toks[a..b].iter().map(|t| t.text).collect();
    if let Some(last) = words.last_mut() {
        *last = strip_possessive(last).0;
    }
    words.join(" ")
}

/// `and Gansu Province`: an `and` that starts a place name ends an organization's name.
fn and_starts_place(lex: &Lexicon, toks: &[Token], from: usize) -> bool {
    let mut x = from;
    while x < toks.len() && toks[x].is_cap() {
        if lex.is_place_word(toks[x].text) {
            return true;
        }
        x += 1;
    }
    false
}

/// Lower-case references: `the meeting`, `the talks`, `the forum` (events); `the MOU`,
/// `the agreement`, `the memorandum` (agreements).
fn references(toks: &[Token]) -> Vec<Reference> {
    let mut out = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        let w = lower(t.text);
        let prev = if k > 0 {
            lower(toks[k - 1].text)
        } else {
            Lower::default()
        };
        // `the three-day forum`, `the annual meeting`: one modifier after the determiner.
        let modified = k >= 2
            && toks[k - 1].is_lower()
            && prev.chars().all(|c| c.is_alphanumeric() || c == '-')
            && matches!(
                &*lower(toks[k - 2].text),
                "the" | "this" | "that" | "its" | "their"
            );
        let determined = modified
            || matches!(
                &*prev,
                "the"
                    | "this"
                    | "that"
                    | "its"
                    | "their"
                    | "opening"
                    | "closing"
                    | "signing"
                    | "plenary"
                    | "bilateral"
                    | "same"
            );
        if !determined {
            continue;
        }
        if matches!(
            &*w,
            "meeting"
                | "talks"
                | "session"
                | "conference"
                | "forum"
                | "event"
                | "ceremony"
                | "dialogue"
                | "summit"
                | "expo"
                | "symposium"
                | "workshop"
                | "seminar"
                | "consultation"
                | "visit"
                | "fair"
                | "exhibition"
        ) {
            // `the opening ceremony` is a named event's, not the talks'; `the handover
            // ceremony`, `the inauguration ceremony` are a gathering of their own.
            let word = if &*w == "ceremony" && matches!(&*prev, "opening" | "closing") {
                "opening".to_string()
            } else if &*w == "ceremony" && &*prev == "signing" {
                SIGNING_CEREMONY.to_string()
            } else if &*w == "ceremony" && modified {
                NEW_CEREMONY.to_string()
            } else {
                w.to_string()
            };
            out.push(Reference {
                label: Label::Event,
                at: k,
                word,
            });
        }
        if matches!(
            &*w,
            "mou"
                | "memorandum"
                | "document"
                | "agreement"
                | "plan"
                | "declaration"
                | "statement"
                | "treaty"
                | "protocol"
                | "accord"
                | "arrangement"
                | "charter"
                | "letter"
        ) {
            out.push(Reference {
                label: Label::Agreement,
                at: k,
                word: w.to_string(),
            });
        }
    }
    out
}
