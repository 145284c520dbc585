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
//! agreements (`the MOU`) are joined to the full names; one unnamed event stands for the
//! talks the article reports.

use crate::date;
use crate::input::Document;
use crate::lexicon::{fold, key_of, Lexicon};
use crate::model::{Evidence, Label, RelType};
use crate::text::{tokenize, Text, Token};
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
    /// Bullet lists after `... attended by the following:` — the event they attended.
    list_event: Option<usize>,
    /// A named event the reported talks took place at (`on the sidelines of the X Expo`).
    venue: Option<usize>,
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
        doc_id: doc.id.clone(),
        entities: Vec::new(),
        by_name: BTreeMap::new(),
        acronyms: BTreeMap::new(),
        relations: Vec::new(),
        delegation_heads: Vec::new(),
        talks: None,
        all_talks: Vec::new(),
        signings: Vec::new(),
        last_group: Vec::new(),
        last_subject: None,
        list_event: None,
        last_event: None,
        roles: Vec::new(),
        in_heading: false,
        heading_agreements: Vec::new(),
        venue: None,
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
                full.len() > words.len() && full.windows(words.len()).any(|w| w == words.as_slice())
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
        let mut persons = d.person_mentions(toks, mentions);
        mentions.append(&mut persons);
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
        d.relations_of(&s.text, toks, mentions, refs, &ev);
    }
    d.consolidate();
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
    let l = w.to_lowercase();
    (l.len() >= 3
        && l.chars().next().is_some_and(|c| c.is_ascii_digit())
        && (l.ends_with("st") || l.ends_with("nd") || l.ends_with("rd") || l.ends_with("th")))
        || matches!(
            l.as_str(),
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

fn strip_possessive(w: &str) -> (&str, bool) {
    if let Some(b) = w.strip_suffix("'s") {
        (b, true)
    } else if let Some(b) = w.strip_suffix('\'').filter(|b| b.ends_with('s')) {
        // `countries'`; but `Achieng'` is a name.
        (b, true)
    } else {
        (w, false)
    }
}

/// The value of `Doc::acronyms` for an acronym that names no node (a programme, a place).
const NOT_A_NODE: usize = usize::MAX;

impl<'l> Doc<'l> {
    /// The local entity of this label and name, created if new.
    fn entity(&mut self, label: Label, name: &str) -> usize {
        let key = (
            label,
            if label == Label::Person {
                fold(name)
            } else {
                key_of(name)
            },
        );
        if let Some(&i) = self.by_name.get(&key) {
            return i;
        }
        let i = self.entities.len();
        self.entities.push(LocalEntity {
            label,
            name: name.to_string(),
            named: true,
            aliases: BTreeSet::new(),
            acronyms: BTreeSet::new(),
            country: None,
            date: None,
            place: None,
        });
        self.by_name.insert(key, i);
        i
    }

    fn add_alias(&mut self, e: usize, alias: &str) {
        if alias != self.entities[e].name && !alias.is_empty() {
            self.entities[e].aliases.insert(alias.to_string());
            let label = self.entities[e].label;
            let key = if label == Label::Person {
                fold(alias)
            } else {
                key_of(alias)
            };
            self.by_name.entry((label, key)).or_insert(e);
        }
    }

    fn country_entity(&mut self, idx: usize) -> usize {
        let name = self.lex.country_name(idx).to_string();
        self.entity(Label::Country, &name)
    }

    /// The country written as `surface`: named as written when that is only another spelling
    /// of the common name (`Viet Nam`), else by the common name.
    fn country_entity_as(&mut self, idx: usize, surface: &str) -> usize {
        let name = self.lex.country_name(idx);
        let squash = |x: &str| {
            x.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let surface = strip_possessive(surface).0;
        if surface != name && squash(surface) == squash(name) {
            let s = surface.to_string();
            return self.entity(Label::Country, &s);
        }
        self.country_entity(idx)
    }

    /// Longest country form starting at token `i`: (tokens used, country index, possessive).
    /// `None` past the last token (callers probe `i + 1`, `i + 2`, ... freely).
    fn country_at(&self, toks: &[Token], i: usize) -> Option<(usize, usize, bool)> {
        if i >= toks.len() || !toks[i].is_cap() || !self.lex.country_may_start(toks[i].text) {
            return None;
        }
        let max = self.lex.country_max_words.min(toks.len() - i);
        for n in (1..=max).rev() {
            let mut words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
            let (last, poss) = strip_possessive(words[n - 1]);
            words[n - 1] = last;
            let first = toks[i].text;
            if !first.chars().next().is_some_and(|c| c.is_uppercase()) {
                return None;
            }
            if let Some((idx, _)) = self.lex.country_words(&words) {
                return Some((n, idx, poss));
            }
        }
        None
    }

    /// Longest title starting at token `i` (any case), in tokens.
    fn title_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        if i >= toks.len() || !self.lex.title_may_start(toks[i].text) {
            return None;
        }
        let max = self.lex.title_max_words.min(toks.len() - i);
        (1..=max).rev().find(|&n| {
            let words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
            self.lex.title_words(&words).is_some()
        })
    }

    fn agreement_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        if !toks[i].is_cap() || !self.lex.agreement_may_start(toks[i].text) {
            return None;
        }
        let max = self.lex.agreement_max_words.min(toks.len() - i);
        (1..=max).rev().find(|&n| {
            let words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
            self.lex.is_agreement_words(&words)
        })
    }

    /// A defined acronym of this document at token `i`: (tokens, entity).
    fn known_acronym_at(&self, s: &str, toks: &[Token], i: usize) -> Option<(usize, usize)> {
        if !toks[i].is_cap() || self.acronyms.is_empty() {
            return None;
        }
        (1..=4.min(toks.len() - i)).rev().find_map(|n| {
            let text = &s[toks[i].start..toks[i + n - 1].end];
            self.acronyms.get(text).map(|&e| (n, e))
        })
    }

    /// A word that heads a name (organization, event, agreement or program).
    fn is_head(&self, w: &str) -> bool {
        self.lex.is_org_head(w)
            || self.lex.is_event_word(w)
            || self.lex.is_agreement_phrase(w)
            || self.lex.is_program_word(w)
    }

    fn is_acronym_org(&self, t: &Token) -> bool {
        t.is_acronym()
            && !self.lex.is_common_acronym(t.text)
            && self.lex.country(t.text).is_none()
            && self.lex.title(t.text).is_none()
            && !self.lex.is_agreement_phrase(t.text)
            && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 3
    }

    /// Organizations, events, agreements and countries of one sentence.
    fn phrase_mentions(&mut self, s: &str, toks: &[Token], heading: bool) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // Acronyms this document has defined, also multi-word ones (`MOST Viet Nam`).
            if let Some((n, e)) = self.known_acronym_at(s, toks, i) {
                if e == NOT_A_NODE {
                    i += n;
                    continue;
                }
                let label = self.entities[e].label;
                out.push(Mention {
                    label,
                    start: i,
                    end: i + n,
                    entity: e,
                });
                i += n;
                continue;
            }
            let t = &toks[i];
            if t.is_acronym()
                && i > 0
                && self.lex.title(toks[i - 1].text).is_some()
                && toks
                    .get(i + 1)
                    .is_some_and(|n| n.is_cap() && !n.is_acronym())
            {
                // `Mr. ISHIKAWA Takuya`: a family name in capitals, not an acronym.
                i += 1;
                continue;
            }
            let starts = (t.is_cap() || t.text.starts_with(|c: char| c.is_ascii_digit()))
                && self
                    .title_at(toks, i)
                    .is_none_or(|_| self.agreement_at(toks, i).is_some())
                && !self.lex.is_verb(t.text)
                && !(t.text == "The" || t.text == "A" || t.text == "An")
                && !self.lex.is_function_word(t.text)
                && !is_month(t.text)
                && !(t.text.chars().all(|c| c.is_ascii_digit()) && t.text.len() != 4);
            if !starts {
                i += match self.title_at(toks, i) {
                    Some(n) if self.agreement_at(toks, i).is_none() => n,
                    _ => 1,
                };
                continue;
            }
            // Datelines: `BEIJING, May 11, 2019`.
            if i == 0 && t.is_acronym() {
                let mut x = 0;
                while x < toks.len() && toks[x].is_acronym() {
                    x += 1;
                }
                if x < toks.len()
                    && matches!(toks[x].text, "," | "(" | "-")
                    && !self.acronyms.contains_key(t.text)
                {
                    i = x;
                    continue;
                }
            }
            // A dateline inside a line (`... platform BANGKOK, 3 November 2022`).
            if t.is_acronym()
                && !self.acronyms.contains_key(t.text)
                && toks.get(i + 1).is_some_and(|n| n.text == ",")
                && toks.get(i + 2).is_some_and(|n| {
                    date::find_all(&s[n.start..])
                        .first()
                        .is_some_and(|f| f.start == 0)
                })
            {
                i += 1;
                continue;
            }
            // Grow the run.
            let mut j = i;
            let mut has_agreement = false;
            let mut has_embassy = false;
            loop {
                if j >= toks.len() {
                    break;
                }
                let w = toks[j].text;
                if let Some(n) = self.agreement_at(toks, j) {
                    has_agreement = true;
                    j += n;
                    continue;
                }
                // A title word ends the name (`University President X`), unless it is part
                // of it (`Universidad Mayor de San Andrés`).
                let title_in_name = j > i
                    && self.lex.is_org_head(toks[j - 1].text)
                    && toks
                        .get(j + 1)
                        .is_some_and(|n| matches!(n.text, "de" | "del" | "of" | "di" | "da"))
                    && toks.get(j + 2).is_some_and(|n| n.is_cap());
                if j > i
                    && self.title_at(toks, j).is_some()
                    && !toks[j].is_acronym()
                    && !title_in_name
                {
                    break;
                }
                if j > i && heading && self.lex.is_verb(w) {
                    break;
                }
                if j > i && self.lex.is_function_word(w) {
                    break;
                }
                // `Huawei Technologies Co., Ltd.`
                if w == ","
                    && j > i
                    && self.lex.is_org_tail(toks[j - 1].text)
                    && toks
                        .get(j + 1)
                        .is_some_and(|n| self.lex.is_org_tail(n.text))
                {
                    j += 2;
                    continue;
                }
                if matches!(w, "Embassy" | "Consulate" | "Mission" | "Office") {
                    has_embassy = true;
                }
                let word_like = toks[j].is_cap()
                    || toks[j].text.starts_with(|c: char| c.is_ascii_digit())
                    || self.lex.is_org_tail(w);
                if word_like {
                    if j > i {
                        if let Some((n, _, poss)) = self.country_at(toks, j) {
                            j += n;
                            let cap_next = toks.get(j).is_some_and(|n| n.is_cap());
                            if poss && !(has_agreement && cap_next) {
                                break;
                            }
                            continue;
                        }
                    }
                    let (_, poss) = strip_possessive(w);
                    j += 1;
                    let cap_next = toks.get(j).is_some_and(|n| n.is_cap());
                    if poss && has_agreement && cap_next {
                        continue;
                    }
                    if poss && j - 1 > i && self.country_at(toks, j - 1).is_none() {
                        // `Peru's` handled above; a possessive ends a name (`Academy's`).
                        break;
                    }
                    if poss && self.country_at(toks, i).is_some_and(|c| c.0 == 1) && j - 1 == i {
                        break;
                    }
                    continue;
                }
                // `University - La Molina`: a dash after a head word, before capitalized words.
                if w == "-"
                    && run_has_head_before(self.lex, toks, i, j)
                    && j + 1 < toks.len()
                    && toks[j + 1].is_cap()
                    && toks[j].start > toks[j - 1].end
                {
                    j += 1;
                    continue;
                }
                // Year ranges after an agreement: `(2021-2025)`.
                if w == "(" && has_agreement && j + 3 < toks.len() && toks[j + 3].text == ")" {
                    let inner = &s[toks[j + 1].start..toks[j + 3].start];
                    if inner.chars().all(|c| c.is_ascii_digit() || c == '-') && inner.len() >= 4 {
                        j += 4;
                        continue;
                    }
                }
                // `, ` inside a list of capitalized words ending in `and X`: `Science, Technology and Innovation`.
                let run_has_head = (i..j).any(|x| {
                    self.lex.is_org_head(toks[x].text) || self.lex.is_event_word(toks[x].text)
                }) || has_agreement
                    || {
                        // ... or the list leads to one: `Belt and Road Science, Technology and Innovation Cooperation Action Plan`
                        let mut x = j + 1;
                        let mut found = false;
                        while x < toks.len()
                            && x < j + 12
                            && (toks[x].is_cap() || matches!(toks[x].text, "," | "and"))
                        {
                            if self.is_head(toks[x].text) || self.agreement_at(toks, x).is_some() {
                                found = true;
                                break;
                            }
                            x += 1;
                        }
                        found
                    };
                if w == ","
                    && run_has_head
                    && j + 1 < toks.len()
                    && toks[j + 1].is_cap()
                    && self.title_at(toks, j + 1).is_none()
                {
                    let mut k = j + 1;
                    while k < toks.len() && (toks[k].is_cap() || toks[k].text == ",") {
                        k += 1;
                    }
                    if k + 1 < toks.len()
                        && toks[k].text == "and"
                        && toks[k + 1].is_cap()
                        && k - j <= 6
                    {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if is_connector(w) && j + 1 < toks.len() {
                    let next = &toks[j + 1];
                    let next_ok = (next.is_cap()
                        || next.text.starts_with(|c: char| c.is_ascii_digit()))
                        && !is_month(next.text)
                        && !is_weekday(&next.text.to_lowercase())
                        && !(w == "on" && next.text.ends_with("ing") && next.text.len() > 5);
                    let ok = match w {
                        "the" => {
                            next_ok
                                && j > i
                                && (matches!(
                                    toks[j - 1].text,
                                    "of" | "for" | "on" | "to" | "between"
                                ) || (has_agreement
                                    && matches!(toks[j - 1].text, "and" | "in"))
                                    || (has_embassy && toks[j - 1].text == "in"))
                        }
                        "of" | "for" | "on" | "&" => {
                            (next_ok || next.text == "the") && self.title_at(toks, j + 1).is_none()
                        }
                        "and" => {
                            // `KAST and the Mexican Academy`, `Academy of Sciences and Peking
                            // University`: two organizations, not one name.
                            let next_segment =
                                (j + 1..toks.len()).take_while(|&x| toks[x].is_cap());
                            let two_orgs = !has_agreement
                                && (toks[j - 1].is_acronym()
                                    || ((i..j).any(|x| self.lex.is_org_head(toks[x].text))
                                        && !(i..j).any(|x| toks[x].text == ",")
                                        && self.country_at(toks, j + 1).is_none()
                                        && next_segment
                                            .into_iter()
                                            .any(|x| self.lex.is_org_head(toks[x].text))));
                            !two_orgs
                                && (next_ok
                                    || (has_agreement
                                        && next.text == "the"
                                        && (i..j).any(|x| toks[x].text == "between")))
                                && next.text != "The"
                                && self.title_at(toks, j + 1).is_none()
                                && !self.lex.is_org_head(toks[j - 1].text)
                                && !self.lex.is_event_word(toks[j - 1].text)
                                && !and_starts_place(self.lex, toks, j + 1)
                        }
                        "to" => {
                            next.is_acronym()
                                || (has_embassy && self.country_at(toks, j + 1).is_some())
                        }
                        "in" => {
                            let year = next.text.len() == 4
                                && next.text.chars().all(|c| c.is_ascii_digit());
                            !year
                                && ((has_agreement && (next_ok || next.text == "the"))
                                    || (has_embassy && next_ok && !strip_possessive(next.text).1)
                                    || (has_embassy
                                        && next.text == "the"
                                        && self.country_at(toks, j + 2).is_some()))
                        }
                        "between" => has_agreement && next_ok,
                        "von" | "van" | "der" | "la" | "los" | "das" | "do" | "dos" | "de"
                        | "del" => next_ok && j > i && toks[j - 1].is_cap(),
                        _ => false,
                    };
                    if ok {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            // Drop trailing connectors and punctuation.
            while j > i && (is_connector(toks[j - 1].text) || toks[j - 1].text == ",") {
                j -= 1;
            }
            if j == i {
                i += 1;
                continue;
            }
            // `President of the Russian Academy of Sciences Viktor Orlov`: the name after a
            // title's organization is a person, not the end of the organization's name.
            if let Some(q) = self.trailing_name(toks, i, j) {
                j = q;
            }
            self.classify_run(s, toks, i, j, &mut out);
            i = j;
        }
        // Acronym definitions: `Full Name (ACR)`, `Full Name (ACR Country)`.
        let mut k = 0;
        while k + 2 < toks.len() {
            let close = (k + 2..toks.len().min(k + 7)).find(|&x| toks[x].text == ")");
            // `KISTEP (Korea Institute of S&T Evaluation and Planning)`: the acronym first.
            if let Some(c) =
                close.filter(|_| toks[k].text == "(" && k > 0 && self.is_acronym_org(&toks[k - 1]))
            {
                if let Some(m) = out
                    .iter()
                    .find(|m| m.start == k + 1 && m.end == c && m.label == Label::Organization)
                    .cloned()
                {
                    let acr = toks[k - 1].text.to_string();
                    self.entities[m.entity].acronyms.insert(acr.clone());
                    self.acronyms.insert(acr, m.entity);
                    out.retain(|x| !(x.start == k - 1 && x.end == k));
                    out.push(Mention {
                        label: Label::Organization,
                        start: k - 1,
                        end: k,
                        entity: m.entity,
                    });
                }
            }
            let acr_ok = |x: usize, c: usize| -> bool {
                let inner = &s[toks[x].start..toks[c - 1].end];
                let upper = inner.chars().filter(|ch| ch.is_uppercase()).count();
                toks[x].is_cap()
                    && upper >= 2
                    && inner.split_whitespace().count() <= 4
                    && !toks[x..c].iter().any(|t| t.is_lower())
                    && !self.lex.is_common_acronym(toks[x].text)
                    && self.lex.country(inner).is_none()
                    && !(x..c).all(|y| self.country_at(toks, y).is_some())
            };
            if let Some(c) = close.filter(|&c| toks[k].text == "(" && acr_ok(k + 1, c)) {
                let named = out
                    .iter()
                    .filter(|m| m.end == k && matches!(m.label, Label::Event | Label::Agreement))
                    .min_by_key(|m| m.start)
                    .cloned();
                if let Some(m) = named.filter(|_| {
                    !out.iter()
                        .any(|o| o.end == k && o.label == Label::Organization)
                }) {
                    // `Science Forum South Africa (SFSA)`: an event's or agreement's acronym.
                    let acr = s[toks[k + 1].start..toks[c - 1].end].to_string();
                    self.acronyms.insert(acr.clone(), m.entity);
                    self.add_alias(m.entity, &acr);
                    out.retain(|x| !(x.start > k && x.end <= c));
                    out.push(Mention {
                        label: m.label,
                        start: k + 1,
                        end: c,
                        entity: m.entity,
                    });
                } else if k > 0 && toks[k - 1].is_cap() && !out.iter().any(|o| o.end == k) {
                    // The acronym of something that is not a node (a programme, a place).
                    let acr = s[toks[k + 1].start..toks[c - 1].end].to_string();
                    self.acronyms.entry(acr).or_insert(NOT_A_NODE);
                    out.retain(|x| !(x.start > k && x.end <= c));
                }
                if let Some(m) = out
                    .iter()
                    .find(|m| m.end == k && m.label == Label::Organization)
                    .cloned()
                {
                    let acr = s[toks[k + 1].start..toks[c - 1].end].to_string();
                    self.entities[m.entity].acronyms.insert(acr.clone());
                    self.acronyms.insert(acr.clone(), m.entity);
                    // The acronym mention itself.
                    out.retain(|x| !(x.start > k && x.end <= c));
                    out.push(Mention {
                        label: Label::Organization,
                        start: k + 1,
                        end: c,
                        entity: m.entity,
                    });
                    let k = c - 2;
                    // `(MOST) of China`: the country qualifies the organization.
                    if k + 4 < toks.len() && toks[k + 3].text == "of" {
                        if let Some((_, idx, _)) = self.country_at(toks, k + 4) {
                            let c = self.lex.country_name(idx).to_string();
                            self.entities[m.entity].country.get_or_insert(c);
                        }
                    }
                }
            }
            k += 1;
        }
        // `the 4th session of the Joint Commission`, `the autumn session of the Council`:
        // a meeting of an organization, named by it.
        for k in 1..toks.len().saturating_sub(2) {
            let noun = matches!(toks[k].text, "session" | "meeting" | "plenary");
            let modifier = &toks[k - 1];
            let numbered = is_ordinal(modifier.text)
                || matches!(
                    modifier.text,
                    "annual" | "autumn" | "spring" | "summer" | "winter" | "inaugural"
                );
            if !noun || !numbered || toks[k + 1].text != "of" {
                continue;
            }
            let r = if toks[k + 2].text == "the" {
                k + 3
            } else {
                k + 2
            };
            let Some(org) = out
                .iter()
                .filter(|m| m.start == r && m.label == Label::Organization)
                .max_by_key(|m| m.end)
                .cloned()
            else {
                continue;
            };
            let name = join_words(&toks[k - 1..org.end]);
            let e = self.entity(Label::Event, &name);
            out.push(Mention {
                label: Label::Event,
                start: k - 1,
                end: org.end,
                entity: e,
            });
        }
        out.sort_by_key(|m| (m.start, m.end));
        out
    }

    /// Where a person's name starts at the end of the run `[i, j)` that follows a title
    /// (`Title of [the] ORG Name`): two to four name words after an `of` complement.
    fn trailing_name(&self, toks: &[Token], i: usize, j: usize) -> Option<usize> {
        let mut t = i;
        while t > 0 && matches!(toks[t - 1].text, "the" | "of") {
            t -= 1;
        }
        if t == i || toks[t..i].iter().all(|x| x.text != "of") {
            return None;
        }
        self.title_before(toks, t)?;
        let of = (i..j).rfind(|&x| toks[x].text == "of")?;
        (of + 2..j.saturating_sub(1)).find(|&q| {
            (2..=4).contains(&(j - q))
                && !(q..j).any(|x| self.country_at(toks, x).is_some())
                && toks[q..j]
                    .iter()
                    .all(|x| self.name_token(x) && !self.lex.is_org_head(x.text) && !x.is_acronym())
        })
    }

    /// Turn a run of capitalized words into mentions.
    fn classify_run(
        &mut self,
        s: &str,
        toks: &[Token],
        i: usize,
        j: usize,
        out: &mut Vec<Mention>,
    ) {
        // Split the run into pieces at `of [the]` before another organization, at `and`
        // between two heads.
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut from = i;
        let mut k = i + 1;
        while k < j {
            let w = toks[k].text;
            if w == "of" {
                let mut r = k + 1;
                if r < j && toks[r].text == "the" {
                    r += 1;
                }
                let mut e = r;
                while e < j && toks[e].text != "of" {
                    e += 1;
                }
                let right_is_country = self.country_at(toks, r).is_some_and(|c| r + c.0 == e);
                let right_org = !right_is_country
                    && (r..e).any(|x| self.lex.is_org_head(toks[x].text))
                    && !(r..e).any(|x| {
                        self.lex.is_event_word(toks[x].text) || self.agreement_at(toks, x).is_some()
                    });
                let right_acr = self.is_acronym_org(&toks[r])
                    && (r..e).all(|x| {
                        self.is_acronym_org(&toks[x]) || matches!(toks[x].text, "and" | ",")
                    });
                let left_has_head = (from..k).any(|x| {
                    self.lex.is_org_head(toks[x].text)
                        || self.lex.is_event_word(toks[x].text)
                        || self.agreement_at(toks, x).is_some()
                });
                let left_is_event = (from..k).any(|x| self.lex.is_event_word(toks[x].text));
                if (right_org && !left_is_event) || (right_acr && left_has_head) {
                    pieces.push((from, k));
                    from = r;
                    k = r;
                    continue;
                }
            }
            let left_head = (from..k).any(|x| self.is_head(toks[x].text));
            // (A head inside a country's name — `Russian Federation` — does not count.)
            let right_head = (k + 1..j).take_while(|&x| toks[x].text != "and").any(|x| {
                self.is_head(toks[x].text)
                    && !(x.saturating_sub(3)..=x)
                        .any(|y| self.country_at(toks, y).is_some_and(|c| y + c.0 > x))
            });
            let in_list = (from..k).any(|x| toks[x].text == ",");
            if w == "and"
                && k > from
                && (self.is_head(toks[k - 1].text)
                    || (left_head && right_head && !in_list && !toks[k - 1].is_acronym()))
            {
                pieces.push((from, k));
                from = k + 1;
            }
            k += 1;
        }
        pieces.push((from, j));
        for (a, b) in pieces {
            self.classify_piece(s, toks, a, b, out);
        }
    }

    fn classify_piece(
        &mut self,
        s: &str,
        toks: &[Token],
        a: usize,
        b: usize,
        out: &mut Vec<Mention>,
    ) {
        let mut a = a;
        while a < b && (toks[a].text == "the" || toks[a].text == "The") {
            a += 1;
        }
        if a >= b {
            return;
        }
        // A name ends at its head word: `Commission Tung Ciny` is a name after an organization.
        let mut b = b;
        if let Some(h) = (a..b).find(|&x| {
            (self.lex.is_org_head(toks[x].text) || self.lex.is_event_word(toks[x].text))
                && toks[x].is_cap()
        }) {
            let last_head = (h..b).rfind(|&x| self.is_head(toks[x].text)).unwrap_or(h);
            // ... but a name that starts with its head is named after someone (`Universitas
            // Gadjah Mada`, `Université Félix Houphouët-Boigny`).
            if last_head != a
                && last_head + 1 < b
                && toks[last_head + 1].is_cap()
                && !self.lex.is_org_tail(toks[last_head + 1].text)
                && !self.is_head(toks[last_head + 1].text)
                && self.title_at(toks, last_head + 1).is_none()
            {
                let mut x = last_head + 1;
                while x < b && self.name_token(&toks[x]) {
                    x += 1;
                }
                if x == b {
                    b = last_head + 1;
                }
            }
        }
        // A bare head word (`Mission`) or a generic plural (`Research Institutes`) is no name.
        let content: Vec<&str> = toks[a..b]
            .iter()
            .map(|t| t.text)
            .filter(|w| !is_connector(w))
            .collect();
        if content.len() == 1 && self.lex.is_org_head(content[0]) {
            return;
        }
        if content
            .last()
            .is_some_and(|w| w.ends_with('s') && self.lex.is_org_head(w))
            && content
                .iter()
                .all(|w| self.lex.is_stopword(w) || self.lex.is_org_head(w))
        {
            return;
        }
        // Programs, projects and initiatives are not nodes (a `Programme of Cooperation` is an
        // instrument).
        if (a..b)
            .rev()
            .find(|&x| self.is_head(toks[x].text))
            .is_some_and(|x| self.lex.is_program_word(toks[x].text))
            && !(a..b).any(|x| self.agreement_at(toks, x).is_some())
        {
            return;
        }
        let agreement = (a..b).find(|&x| self.agreement_at(toks, x).is_some());
        let event = (a..b)
            .rev()
            .find(|&x| self.lex.is_event_word(toks[x].text) && toks[x].is_cap());
        let head = (a..b).rev().find(|&x| self.lex.is_org_head(toks[x].text));
        let tail = (a..b).find(|&x| self.lex.is_org_tail(toks[x].text));
        let first_head = (a..b).find(|&x| {
            self.lex.is_org_head(toks[x].text)
                || (self.lex.is_event_word(toks[x].text) && toks[x].is_cap())
        });
        let event_first = first_head.is_some_and(|x| self.lex.is_event_word(toks[x].text));
        let ordinal = is_ordinal(toks[a].text) && head.is_some();
        let label = if agreement.is_some() {
            Some(Label::Agreement)
        } else if event.is_some() && (event_first || head.is_none_or(|h| event.unwrap() > h))
            || ordinal
        {
            Some(Label::Event)
        } else if head.is_some() || (tail.is_some() && tail.unwrap() > a) {
            Some(Label::Organization)
        } else if b + 2 < toks.len()
            && toks[b].text == ","
            && matches!(toks[b + 1].text, "a" | "an" | "the")
            && (b + 2..toks.len().min(b + 5))
                .any(|x| self.lex.is_event_word(toks[x].text) || toks[x].text.ends_with("-forum"))
            && !(a..b).any(|x| self.country_at(toks, x).is_some() && b - a == 1)
        {
            // `the Innovation Road, a sub-forum of ...`
            Some(Label::Event)
        } else {
            None
        };
        let Some(label) = label else {
            // Countries and acronyms in a run without head words: `MOST China`, `China`.
            let mut x = a;
            let mut acr: Option<usize> = None;
            let mut country: Option<(usize, usize)> = None;
            while x < b {
                if let Some((n, idx, _)) = self.country_at(toks, x) {
                    let e = self.country_entity_as(idx, &s[toks[x].start..toks[x + n - 1].end]);
                    out.push(Mention {
                        label: Label::Country,
                        start: x,
                        end: x + n,
                        entity: e,
                    });
                    country = Some((idx, x));
                    x += n;
                    continue;
                }
                // Compounds: `China-ASEAN`, `Sino-African`.
                if toks[x].text.contains('-') {
                    for part in toks[x].text.split('-') {
                        let (p, _) = strip_possessive(part);
                        if let Some((idx, _)) = self.lex.country(p) {
                            if p.chars().next().is_some_and(|c| c.is_uppercase()) {
                                let e = self.country_entity(idx);
                                out.push(Mention {
                                    label: Label::Country,
                                    start: x,
                                    end: x + 1,
                                    entity: e,
                                });
                            }
                        }
                    }
                }
                if self.is_acronym_org(&toks[x]) && acr.is_none() {
                    acr = Some(x);
                }
                x += 1;
            }
            if let Some(ax) = acr {
                let name = toks[ax].text.to_string();
                let e = match self.acronyms.get(&name) {
                    Some(&NOT_A_NODE) => return,
                    Some(&e) if self.entities[e].label != Label::Organization => {
                        let label = self.entities[e].label;
                        out.push(Mention {
                            label,
                            start: ax,
                            end: ax + 1,
                            entity: e,
                        });
                        return;
                    }
                    Some(&e) => e,
                    None => {
                        let e = self.entity(Label::Organization, &name);
                        self.entities[e].acronyms.insert(name.clone());
                        e
                    }
                };
                if let Some((idx, cx)) = country {
                    if cx == ax + 1 || cx + 1 == ax {
                        let c = self.lex.country_name(idx).to_string();
                        self.entities[e].country.get_or_insert(c);
                        let lo = ax.min(cx);
                        let hi = ax.max(cx) + 1;
                        self.add_alias(e, &s[toks[lo].start..toks[hi - 1].end]);
                    }
                }
                out.push(Mention {
                    label: Label::Organization,
                    start: ax,
                    end: ax + 1,
                    entity: e,
                });
            }
            return;
        };
        // Events and organizations end at their head (plus `of/for/on ...` complements).
        let name = s[toks[a].start..toks[b - 1].end].to_string();
        let name = name.trim_end_matches([',', ' ']).to_string();
        let e = self.entity(label, &name);
        if label == Label::Organization {
            // Country of the organization: a leading demonym/country, or a trailing `of X`.
            let mut c = None;
            if let Some((_, idx, _)) = self.country_at(toks, a) {
                c = Some(idx);
            }
            for x in a..b {
                if toks[x].text == "of" || toks[x].text == "in" {
                    if let Some((n, idx, _)) = self.country_at(toks, x + 1) {
                        if x + 1 + n == b {
                            c = Some(idx);
                        }
                    }
                }
            }
            // `MOST China`-style or possessive before: `Peru's National Council`.
            if c.is_none() && a > 0 {
                if let Some((n, idx, true)) = (a.saturating_sub(3)..a)
                    .find_map(|x| self.country_at(toks, x).filter(|r| x + r.0 == a))
                    .map(|r| (r.0, r.1, r.2))
                {
                    let _ = n;
                    c = Some(idx);
                }
            }
            if let Some(idx) = c {
                let cn = self.lex.country_name(idx).to_string();
                self.entities[e].country.get_or_insert(cn);
            }
        }
        out.push(Mention {
            label,
            start: a,
            end: b,
            entity: e,
        });
        // An organization inside an event's name: `Forum of the Organization of Turkic States`.
        if label == Label::Event {
            if let Some(of) = (a..b).find(|&x| toks[x].text == "of") {
                let mut r = of + 1;
                if r < b && toks[r].text == "the" {
                    r += 1;
                }
                if r < b
                    && (r..b).any(|x| self.lex.is_org_head(toks[x].text))
                    && !(r..b).any(|x| self.lex.is_event_word(toks[x].text))
                {
                    let oname = s[toks[r].start..toks[b - 1].end].to_string();
                    let oe = self.entity(Label::Organization, &oname);
                    out.push(Mention {
                        label: Label::Organization,
                        start: r,
                        end: b,
                        entity: oe,
                    });
                }
            }
        }
        // Country mentions inside names still count as mentions of the country.
        let mut x = a;
        while x < b {
            if let Some((n, idx, _)) = self.country_at(toks, x) {
                let ce = self.country_entity_as(idx, &s[toks[x].start..toks[x + n - 1].end]);
                out.push(Mention {
                    label: Label::Country,
                    start: x,
                    end: x + n,
                    entity: ce,
                });
                x += n;
            } else {
                if toks[x].text.contains('-') {
                    for part in toks[x].text.split('-') {
                        if let Some((idx, _)) = self.lex.country(part) {
                            if part.chars().next().is_some_and(|c| c.is_uppercase()) {
                                let ce = self.country_entity(idx);
                                out.push(Mention {
                                    label: Label::Country,
                                    start: x,
                                    end: x + 1,
                                    entity: ce,
                                });
                            }
                        }
                    }
                }
                x += 1;
            }
        }
    }

    /// Is token `k` a possible part of a person's name?
    fn name_token(&self, t: &Token) -> bool {
        let w = strip_possessive(t.text).0;
        if !t.is_cap() || w.is_empty() {
            return false;
        }
        if t.is_acronym()
            && w.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !w.contains('.')
            && w.chars().count() < 4
        {
            return false;
        }
        !(self.lex.is_stopword(w)
            || self.lex.is_org_head(w)
            || self.lex.is_org_tail(w)
            || self.lex.is_event_word(w)
            || self.lex.is_agreement_phrase(w)
            || self.lex.is_verb(w)
            || self.lex.country(w).is_some()
            || w.chars().any(|c| c.is_ascii_digit())
            || self.lex.is_place_word(w)
            || is_common_noun_form(w))
    }

    /// Candidate person names in the gaps between phrase mentions: (start, end).
    fn name_spans(&self, toks: &[Token], mentions: &[Mention]) -> Vec<(usize, usize)> {
        let covered: Vec<bool> = (0..toks.len())
            .map(|k| mentions.iter().any(|m| m.start <= k && k < m.end))
            .collect();
        let mut spans = Vec::new();
        let mut k = 0;
        while k < toks.len() {
            if let Some(n) = self.title_at(toks, k) {
                k += n;
                continue;
            }
            if covered[k] || !self.name_token(&toks[k]) {
                k += 1;
                continue;
            }
            let mut e = k + 1;
            while e < toks.len() && !covered[e] {
                let name_word = self.name_token(&toks[e]) && self.title_at(toks, e).is_none();
                let particle = self.lex.is_particle(toks[e].text)
                    && e + 1 < toks.len()
                    && (self.name_token(&toks[e + 1]) || self.lex.is_particle(toks[e + 1].text));
                if !(name_word || particle) {
                    break;
                }
                e += 1;
                if strip_possessive(toks[e - 1].text).1 {
                    break;
                }
            }
            spans.push((k, e.min(k + 7)));
            k = e;
        }
        spans
    }

    /// The title words right before token `k` (honorifics and positions), if any.
    fn title_before(&self, toks: &[Token], k: usize) -> Option<usize> {
        (1..=self.lex.title_max_words.min(k))
            .rev()
            .find(|&n| {
                self.lex.title_may_start(toks[k - n].text) && {
                    let words: Vec<&str> = toks[k - n..k].iter().map(|t| t.text).collect();
                    self.lex.title_words(&words).is_some()
                }
            })
            .map(|n| k - n)
    }

    /// Names that strong patterns make persons.
    fn strong_persons(&self, toks: &[Token], mentions: &[Mention], heading: bool) -> Vec<String> {
        let mut out = Vec::new();
        for (a, b) in self.name_spans(toks, mentions) {
            let n = b - a;
            let name = person_name(toks, a, b);
            if heading || n < 2 {
                continue;
            }
            let text_of = |k: usize| {
                toks.get(k)
                    .map(|t| t.text.to_lowercase())
                    .unwrap_or_default()
            };
            // Title right before (`Vice Minister Li Meng`, `Mr. Francisco ...`).
            let titled = self.title_before(toks, a).is_some();
            // `Title of [the] ORG [(ACR)] [,] Name`, `Ambassador to Kenya Name`.
            let chain = a > 0 && self.title_chain_before(toks, mentions, a).is_some();
            // `Name, [the|a] [Country's|Demonym] Title` (a parenthetical may come between).
            let mut b2 = b;
            if b2 < toks.len() && toks[b2].text == "(" {
                if let Some(c) = (b2..toks.len().min(b2 + 10)).find(|&x| toks[x].text == ")") {
                    b2 = c + 1;
                }
            }
            let appos = b2 < toks.len() && toks[b2].text == "," && {
                let mut x = b2 + 1;
                while x < toks.len()
                    && matches!(toks[x].text, "the" | "a" | "an" | "then" | "now" | "also")
                {
                    x += 1;
                }
                if x < toks.len() {
                    if let Some((n, _, _)) = self.country_at(toks, x) {
                        x += n;
                    }
                }
                x < toks.len() && self.title_at(toks, x).is_some()
            };
            let led_by = a >= 2
                && matches!(text_of(a - 1).as_str(), "by")
                && matches!(
                    text_of(a - 2).as_str(),
                    "headed" | "led" | "chaired" | "signed"
                );
            let verb_after = b < toks.len() && {
                let w = text_of(b);
                matches!(
                    w.as_str(),
                    "said"
                        | "says"
                        | "noted"
                        | "stressed"
                        | "added"
                        | "pointed"
                        | "emphasized"
                        | "emphasised"
                        | "highlighted"
                        | "expressed"
                        | "welcomed"
                        | "thanked"
                        | "briefed"
                        | "introduced"
                        | "hoped"
                        | "stated"
                        | "explained"
                        | "underlined"
                        | "remarked"
                        | "spoke"
                        | "delivered"
                        | "led"
                        | "headed"
                ) || self.verb_at(toks, b).is_some()
            };
            if titled || chain || appos || led_by || verb_after {
                out.push(name);
            }
        }
        out
    }

    /// Walk back from a name over organizations, countries, brackets, capitalized words and
    /// the words `of`, `the`, `to`, `for`, `and`, `,`: does a title start the chain?
    /// (`The Minister of Science, Technology and Innovation of Colombia, Name`,
    /// `Ambassador to Kenya Name`, `First Deputy Chairman of the Presidium Name`.)
    fn title_chain_before(
        &self,
        toks: &[Token],
        mentions: &[Mention],
        a: usize,
    ) -> Option<(usize, usize)> {
        // The name must stand apart from the chain: after a comma or bracket (`..., Name`),
        // right after an organization or country (`of CONCYTEC Name`), or after a title.
        // (Not after a connector: `... Management and Meteorological Services` lists domains.)
        let prev = toks.get(a.wrapping_sub(1))?;
        if prev.is_lower() {
            return None;
        }
        let mut x = a;
        let mut steps = 0;
        while x > 0 && steps < 30 {
            steps += 1;
            if let Some(ts) = self.title_before(toks, x).filter(|_| x < a) {
                return Some((ts, x));
            }
            let prev = &toks[x - 1];
            if let Some(m) = mentions
                .iter()
                .filter(|m| m.end == x && matches!(m.label, Label::Organization | Label::Country))
                .min_by_key(|m| m.start)
            {
                x = m.start;
                continue;
            }
            if prev.text == ")" {
                match (x.saturating_sub(8)..x - 1)
                    .rev()
                    .find(|&y| toks[y].text == "(")
                {
                    Some(open) => {
                        x = open;
                        continue;
                    }
                    None => return None,
                }
            }
            let connector = matches!(
                prev.text,
                "of" | "the" | "to" | "for" | "and" | "," | "&" | "on" | "at" | "in"
            );
            let word = prev.is_cap()
                && !self.lex.is_verb(prev.text)
                && !self.lex.is_function_word(prev.text);
            if connector || word {
                x -= 1;
                continue;
            }
            return None;
        }
        None
    }

    /// A relation verb phrase starting at token `k`: (tokens, relation). Besides the
    /// lexicon's phrases: `held [a bilateral] talks/meeting [with]`.
    fn verb_at(&self, toks: &[Token], k: usize) -> Option<(usize, RelType)> {
        let verbs = self.lex.relation_verbs_from(toks[k].text).iter();
        let fixed = verbs
            .map(|&v| &self.lex.relation_verbs[v])
            .find_map(|(words, rel)| {
                (k + words.len() <= toks.len()
                    && words
                        .iter()
                        .enumerate()
                        .all(|(x, w)| toks[k + x].text.eq_ignore_ascii_case(w)))
                .then_some((words.len(), *rel))
            });
        if fixed.is_some() {
            return fixed;
        }
        let w = toks[k].text.to_lowercase();
        if matches!(
            w.as_str(),
            "held" | "hold" | "holds" | "had" | "have" | "has" | "holding"
        ) {
            for n in 1..=4 {
                let Some(t) = toks.get(k + n) else { break };
                let tw = t.text.to_lowercase();
                if matches!(
                    tw.as_str(),
                    "talks" | "meeting" | "consultations" | "discussions" | "dialogue" | "meetings"
                ) {
                    let with = toks
                        .get(k + n + 1)
                        .is_some_and(|x| x.text.eq_ignore_ascii_case("with"));
                    return Some((n + 1 + usize::from(with), RelType::MetWith));
                }
                if !(t.is_lower() || t.text == "-") || matches!(tw.as_str(), "and" | "with" | "the")
                {
                    break;
                }
            }
        }
        None
    }

    /// Person mentions: full names known in the document and their short forms.
    fn person_mentions(&mut self, toks: &[Token], mentions: &[Mention]) -> Vec<Mention> {
        let mut out = Vec::new();
        let persons: Vec<(usize, String)> = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.label == Label::Person)
            .map(|(i, e)| (i, e.name.clone()))
            .collect();
        for (a, b) in self.name_spans(toks, mentions) {
            let name = person_name(toks, a, b);
            let key = fold(&name);
            let title_start = self.title_before(toks, a);
            let found = persons
                .iter()
                .find(|(_, n)| fold(n) == key)
                .map(|p| p.0)
                .or_else(|| {
                    // A longer span that contains a known name (`Meets Tung Ciny` in a headline).
                    persons
                        .iter()
                        .find(|(_, n)| contains_words(&key, &fold(n)))
                        .map(|p| p.0)
                })
                .or_else(|| {
                    // Short forms: one or two words of a known name (`Wang`, `Cai`).
                    let matches: Vec<usize> = persons
                        .iter()
                        .filter(|(_, n)| {
                            let words: Vec<String> = fold(n).split(' ').map(String::from).collect();
                            let k: Vec<&str> = key.split(' ').collect();
                            // One word of a longer name: its family name (`Wang`, `Mamani`
                            // of `Wilfredo Mamani Quispe`) or given name, never a particle.
                            k.len() < words.len()
                                && k.iter().all(|w| words.iter().any(|x| x == w))
                                && (k.len() > 1 || !self.lex.is_particle(k[0]))
                        })
                        .map(|p| p.0)
                        .collect();
                    (matches.len() == 1).then(|| matches[0])
                });
            if let Some(e) = found {
                let span_key = key.clone();
                if span_key != fold(&self.entities[e].name)
                    && !contains_words(&span_key, &fold(&self.entities[e].name))
                {
                    self.add_alias(e, &name);
                }
                if let Some(ts) = title_start {
                    let titled = format!("{} {}", join_words(&toks[ts..a]), name);
                    self.add_alias(e, &titled);
                }
                out.push(Mention {
                    label: Label::Person,
                    start: a,
                    end: b,
                    entity: e,
                });
            }
        }
        out
    }

    /// Relations expressed in one sentence.
    fn relations_of(
        &mut self,
        s: &str,
        toks: &[Token],
        mentions: &[Mention],
        refs: &[Reference],
        ev: &Evidence,
    ) {
        let lower: Vec<String> = toks.iter().map(|t| t.text.to_lowercase()).collect();
        let sentence_date = date::find_all(s).first().and_then(|f| f.iso(self.doc_year));
        // Event dates and places.
        for m in mentions.iter().filter(|m| m.label == Label::Event) {
            if self.entities[m.entity].date.is_none() {
                if let Some(d) = &sentence_date {
                    self.entities[m.entity].date = Some(d.clone());
                }
            }
        }
        // Affiliations: `Name, Title of [the] ORG` and `Title of ORG Name`.
        for p in mentions.iter().filter(|m| m.label == Label::Person) {
            if p.end < toks.len() && toks[p.end].text == "," {
                let mut x = p.end + 1;
                while x < toks.len() && matches!(lower[x].as_str(), "the" | "a" | "an") {
                    x += 1;
                }
                if let Some((n, idx, _)) = self.country_at(toks, x) {
                    x += n;
                    let _ = idx;
                }
                if let Some(n) = self.title_at(toks, x) {
                    let title = join_words(&toks[x..x + n]);
                    let mut y = x + n;
                    if y < toks.len() && (lower[y] == "of" || lower[y] == "to" || lower[y] == "at")
                    {
                        y += 1;
                        while y < toks.len() && lower[y] == "the" {
                            y += 1;
                        }
                        if let Some(o) = mentions
                            .iter()
                            .find(|m| m.start == y && m.label == Label::Organization)
                        {
                            self.relate(
                                RelType::AffiliatedWith,
                                p.entity,
                                o.entity,
                                Some(self.title_text(&title)),
                                None,
                                ev,
                            );
                        }
                    }
                }
            }
        }
        // `Title of [the] ORG [(ACR)] Name`.
        for p in mentions.iter().filter(|m| m.label == Label::Person) {
            let mut x = p.start;
            if x >= 3 && toks[x - 1].text == ")" {
                if let Some(open) = (x.saturating_sub(6)..x - 1)
                    .rev()
                    .find(|&y| toks[y].text == "(")
                {
                    x = open;
                }
            }
            if let Some(o) = mentions
                .iter()
                .find(|m| m.end == x && m.label == Label::Organization)
            {
                let mut y = o.start;
                if y > 0 && lower[y - 1] == "the" {
                    y -= 1;
                }
                if y > 0 && lower[y - 1] == "of" {
                    if let Some(ts) = self.title_before(toks, y - 1) {
                        let title = join_words(&toks[ts..y - 1]);
                        let (pe, oe) = (p.entity, o.entity);
                        let t = self.title_text(&title);
                        self.relate(RelType::AffiliatedWith, pe, oe, Some(t), None, ev);
                    }
                }
            }
        }
        // The titles people hold, for `the minister ...` later on.
        for p in mentions.iter().filter(|m| m.label == Label::Person) {
            if let Some((ts, te)) = self.title_chain_before(toks, mentions, p.start) {
                self.roles.push((p.entity, lower[ts..te].join(" ")));
            }
            if p.end + 1 < toks.len() && toks[p.end].text == "," {
                let mut x = p.end + 1;
                while x < toks.len() && matches!(lower[x].as_str(), "the" | "a" | "an") {
                    x += 1;
                }
                if let Some((n, _, _)) = self.country_at(toks, x) {
                    x += n;
                }
                if let Some(n) = self.title_at(toks, x) {
                    self.roles.push((p.entity, lower[x..x + n].join(" ")));
                }
            }
            if let Some(ts) = self.title_before(toks, p.start) {
                self.roles.push((p.entity, lower[ts..p.start].join(" ")));
            }
        }
        // Organizations based in countries.
        for m in mentions.iter().filter(|m| m.label == Label::Organization) {
            if let Some(c) = self.entities[m.entity].country.clone() {
                let ce = self.entity(Label::Country, &c);
                self.relate(RelType::BasedIn, m.entity, ce, None, None, ev);
            }
        }
        // Delegations: `delegation headed/led by X`, `X led a delegation`.
        let mut heads: Vec<usize> = Vec::new();
        for (k, w) in lower.iter().enumerate() {
            if w == "delegation" || w == "delegations" {
                if k + 3 < toks.len()
                    && matches!(lower[k + 1].as_str(), "headed" | "led")
                    && lower[k + 2] == "by"
                {
                    if let Some(p) = mentions
                        .iter()
                        .find(|m| m.label == Label::Person && m.start >= k + 3 && m.start <= k + 6)
                    {
                        heads.push(p.entity);
                    }
                }
                if k >= 2
                    && matches!(
                        lower[k - 2].as_str(),
                        "led" | "leads" | "leading" | "headed" | "heading" | "lead"
                    )
                {
                    if let Some(p) = mentions
                        .iter()
                        .rev()
                        .find(|m| m.label == Label::Person && m.end <= k - 2)
                    {
                        heads.push(p.entity);
                    }
                }
            }
        }
        for h in &heads {
            if !self.delegation_heads.contains(h) {
                self.delegation_heads.push(*h);
            }
        }
        // A delegation going `to` events: its head attended them.
        if let Some(dk) = lower.iter().position(|w| w == "delegation") {
            let head = heads
                .first()
                .copied()
                .or_else(|| self.delegation_heads.first().copied());
            if let Some(h) = head {
                let to = (dk..toks.len()).find(|&x| lower[x] == "to");
                if let Some(to) = to {
                    for m in mentions
                        .iter()
                        .filter(|m| m.label == Label::Event && m.start > to)
                    {
                        self.relate(RelType::Attended, h, m.entity, None, None, ev);
                    }
                }
            }
        }
        // `Person ... at the EVENT` (spoke at, unveiled at): attended.
        for p in mentions.iter().filter(|m| m.label == Label::Person) {
            let mut x = p.end;
            if x < toks.len() && lower[x] == "at" {
                x += 1;
                while x < toks.len() && lower[x] == "the" {
                    x += 1;
                }
                if let Some(e) = mentions
                    .iter()
                    .find(|m| m.label == Label::Event && m.start == x)
                {
                    self.relate(RelType::Attended, p.entity, e.entity, None, None, ev);
                }
            }
        }
        // `co-chair of the session`: the person in apposition attended.
        for (k, w) in lower.iter().enumerate() {
            if matches!(
                w.as_str(),
                "co-chair" | "chair" | "host" | "co-host" | "speaker" | "participant"
            ) && k + 1 < toks.len()
                && lower[k + 1] == "of"
            {
                if let Some(target) = self.event_after(mentions, refs, k + 1, toks.len()) {
                    if let Some(p) = mentions
                        .iter()
                        .rev()
                        .find(|m| m.label == Label::Person && m.end <= k)
                    {
                        self.relate(RelType::Attended, p.entity, target, None, None, ev);
                    }
                }
            }
        }
        // `The meeting took place on the sidelines of / at / during EVENT`.
        for k in 0..lower.len().saturating_sub(2) {
            let took = (lower[k] == "took" && lower[k + 1] == "place")
                || (lower[k] == "was" && lower[k + 1] == "held");
            if took && (0..k).any(|x| matches!(lower[x].as_str(), "meeting" | "talks")) {
                if let Some(e) = mentions
                    .iter()
                    .find(|m| m.label == Label::Event && m.start > k + 1 && m.start <= k + 8)
                {
                    self.venue = Some(e.entity);
                }
            }
        }
        // `Speaking at the forum, X said`, `In his address to the forum, X ...`: X attended.
        if let Some(comma) = lower.iter().position(|w| w == ",") {
            let opener = matches!(
                lower[0].as_str(),
                "speaking" | "addressing" | "in" | "at" | "during"
            ) && lower[..comma].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "speaking" | "addressing" | "address" | "remarks" | "speech" | "keynote" | "at"
                )
            });
            if opener {
                let event = mentions
                    .iter()
                    .find(|m| m.label == Label::Event && m.end <= comma)
                    .map(|m| m.entity)
                    .or_else(|| {
                        refs.iter()
                            .rfind(|r| r.label == Label::Event && r.at < comma)
                            .and_then(|r| self.event_for_ref(&r.word))
                    });
                let person = top_level(mentions)
                    .into_iter()
                    .find(|m| m.label == Label::Person && m.start > comma)
                    .map(|m| m.entity);
                if let (Some(e), Some(p)) = (event, person) {
                    self.relate(RelType::Attended, p, e, None, None, ev);
                }
            }
        }
        // `under the chairmanship of X`: X attended the event of the sentence.
        for k in 0..lower.len().saturating_sub(2) {
            if lower[k] == "chairmanship" && lower[k + 1] == "of" {
                let event = mentions
                    .iter()
                    .find(|m| m.label == Label::Event)
                    .map(|m| m.entity)
                    .or_else(|| self.first_named_event());
                // `under the joint chairmanship of A and B`: every chair.
                let chairs = self.objects(&lower, mentions, k + 2, self.clause_end(toks, k + 2));
                let chairs: Vec<usize> = chairs
                    .into_iter()
                    .filter(|&p| self.entities[p].label == Label::Person)
                    .collect();
                if let Some(e) = event {
                    for &p in &chairs {
                        self.relate(RelType::Attended, p, e, None, None, ev);
                    }
                }
                if chairs.len() >= 2 {
                    self.last_group = chairs;
                }
            }
        }
        // `X also spoke`, `X delivered the keynote address`: X attended the article's event.
        if !mentions.iter().any(|m| m.label == Label::Event)
            && !refs.iter().any(|r| r.label == Label::Event)
        {
            if let Some(k) = lower.iter().position(|w| w == "spoke" || w == "keynote") {
                let to_person = lower.get(k + 1).is_some_and(|w| w == "with" || w == "to");
                let person = top_level(mentions)
                    .into_iter()
                    .find(|m| m.label == Label::Person && m.end <= k)
                    .map(|m| m.entity);
                if let (false, Some(p), Some(e)) = (to_person, person, self.first_named_event()) {
                    self.relate(RelType::Attended, p, e, None, None, ev);
                }
            }
        }
        // `talks between A and B`, `a meeting between A and B`.
        for k in 1..lower.len() {
            if lower[k] == "between"
                && matches!(
                    lower[k - 1].as_str(),
                    "talks" | "meeting" | "consultations" | "discussions"
                )
            {
                let end = self.clause_end(toks, k + 1);
                let people: Vec<usize> = top_level(mentions)
                    .into_iter()
                    .filter(|m| m.label == Label::Person && m.start > k && m.start < end)
                    .map(|m| m.entity)
                    .collect();
                if people.len() >= 2 {
                    self.met(people[0], people[1], &sentence_date, toks, &lower, k, ev);
                }
            }
        }
        // `X said after talks with Y`, `during a meeting with Y, X ...`: talks named by a noun
        // that no verb pattern has taken (`held talks with` is a verb pattern).
        for k in 1..lower.len().saturating_sub(1) {
            let noun = matches!(
                lower[k].as_str(),
                "talks" | "meeting" | "meetings" | "consultations" | "discussions"
            );
            if !noun
                || lower[k + 1] != "with"
                || (k.saturating_sub(4)..k)
                    .any(|x| self.verb_at(toks, x).is_some_and(|(n, _)| x + n > k))
            {
                continue;
            }
            let opener = matches!(
                lower[k - 1].as_str(),
                "after"
                    | "following"
                    | "during"
                    | "in"
                    | "at"
                    | "for"
                    | "a"
                    | "the"
                    | "his"
                    | "her"
            ) || lower[k - 1].ends_with("ing")
                || toks[k - 1].is_lower();
            if !opener {
                continue;
            }
            let clause = (0..k)
                .rev()
                .find(|&x| toks[x].text == ";")
                .map_or(0, |x| x + 1);
            let end = self.clause_end(toks, k + 2);
            let subjects = self.subjects(&lower, mentions, clause, k, RelType::MetWith);
            let objects = self.objects(&lower, mentions, k + 2, end);
            let persons: Vec<usize> = subjects
                .into_iter()
                .filter(|&a| self.entities[a].label == Label::Person)
                .collect();
            for &a in &persons {
                for &b in &objects {
                    if a != b {
                        self.met(a, b, &sentence_date, toks, &lower, k + 1, ev);
                    }
                }
            }
        }
        // Verb patterns.
        let mut k = 0;
        let mut clause_start = 0;
        while k < toks.len() {
            if matches!(toks[k].text, ";") {
                clause_start = k + 1;
            }
            let Some((n, rel)) = self.verb_at(toks, k) else {
                k += 1;
                continue;
            };
            let after = k + n;
            // Passive: `was signed by`, `were received by`, `was attended by`.
            let end = self.clause_end(toks, after);
            // Passive: `was signed by`, `was signed at X on Monday by`, `chaired by`.
            let aux = k > 0
                && matches!(
                    lower[k - 1].as_str(),
                    "was" | "were" | "been" | "be" | "is" | "are" | "being"
                );
            let by_at = if after < toks.len() && lower[after] == "by" {
                Some(after)
            } else if aux {
                (after..end.min(after + 12)).find(|&x| lower[x] == "by")
            } else {
                None
            };
            let passive = by_at.is_some() || (aux && rel == RelType::Signed);
            let by_from = by_at.unwrap_or(after);
            let subjects = self.subjects(&lower, mentions, clause_start, k, rel);
            let by_end = (by_from + 1..end)
                .find(|&x| {
                    matches!(
                        lower[x].as_str(),
                        "presence"
                            | "witnessed"
                            | "watched"
                            | "following"
                            | "after"
                            | "before"
                            | "during"
                            | "while"
                            | "with"
                    )
                })
                .unwrap_or(end);
            let by_parties = if by_at.is_some() {
                let mut parties = self.objects_all(mentions, by_from + 1, by_end);
                // `An agreement between A and B was signed ... by X and Y`: A and B too.
                if rel == RelType::Signed {
                    if let Some(b) = (clause_start.min(k)..k).find(|&x| lower[x] == "between") {
                        for p in self.objects_all(mentions, b + 1, k) {
                            if self.entities[p].label != Label::Person && !parties.contains(&p) {
                                parties.push(p);
                            }
                        }
                    }
                }
                parties
            } else if passive {
                // `... was signed between A and B`, `An agreement between A and B was signed`.
                let between = (clause_start.min(k)..end).find(|&x| lower[x] == "between");
                match between {
                    Some(b) => {
                        let stop = (b + 1..end)
                            .find(|&x| {
                                lower[x] == "was"
                                    || lower[x] == "were"
                                    || lower[x] == "on"
                                    || lower[x] == "in"
                            })
                            .filter(|&x| x > b + 1)
                            .unwrap_or(end);
                        let stop = if stop <= k && b < k { k } else { stop };
                        self.objects_all(mentions, b + 1, stop)
                            .into_iter()
                            .filter(|&p| self.entities[p].label != Label::Person || b > k)
                            .collect()
                    }
                    None => Vec::new(),
                }
            } else {
                Vec::new()
            };
            match rel {
                RelType::MetWith => {
                    let (left, right) = if passive {
                        // `where it was received by X`: the delegation's head met X.
                        let mut left = subjects.clone();
                        if left.is_empty()
                            && lower[clause_start.min(k)..k]
                                .iter()
                                .any(|w| w == "it" || w == "they" || w == "delegation")
                        {
                            left.extend(self.delegation_heads.first().copied());
                        }
                        (left, by_parties.clone())
                    } else {
                        // `A and B held talks` has no object; `held talks with B`, `met B` do.
                        let intransitive = matches!(
                            lower[after - 1].as_str(),
                            "talks"
                                | "meeting"
                                | "meetings"
                                | "consultations"
                                | "discussions"
                                | "dialogue"
                        );
                        // `held talks in Astana on Tuesday with X`: a later `with` in the clause.
                        let later_with = (after..end.min(after + 8))
                            .find(|&x| lower[x] == "with")
                            .filter(|&x| !lower[after..x].iter().any(|w| w == "," || w == "and"));
                        let objects = if let (true, Some(w)) = (intransitive, later_with) {
                            self.objects(&lower, mentions, w + 1, end)
                        } else if intransitive {
                            Vec::new()
                        } else {
                            self.objects(&lower, mentions, after, end)
                        };
                        (subjects.clone(), objects)
                    };
                    let mut pairs = Vec::new();
                    if right.is_empty() && left.len() >= 2 {
                        for x in 0..left.len() {
                            for y in x + 1..left.len() {
                                pairs.push((left[x], left[y]));
                            }
                        }
                    } else {
                        for &a in &left {
                            for &b in &right {
                                pairs.push((a, b));
                            }
                        }
                    }
                    for (a, b) in pairs {
                        if a != b {
                            self.met(a, b, &sentence_date, toks, &lower, after, ev);
                        }
                    }
                }
                RelType::Signed => {
                    let target = if passive {
                        mentions
                            .iter()
                            .rev()
                            .find(|m| m.label == Label::Agreement && m.end <= k)
                            .map(|m| m.entity)
                            .or_else(|| {
                                // `a memorandum of understanding on X was signed`.
                                let det = (clause_start.min(k)..k)
                                    .find(|&x| matches!(lower[x].as_str(), "a" | "an"))?;
                                let aux = k - usize::from(aux);
                                self.described_agreement(toks, &lower, det, aux, true)
                            })
                            .or_else(|| {
                                refs.iter()
                                    .rev()
                                    .find(|r| r.label == Label::Agreement && r.at < k)
                                    .and_then(|_| self.last_agreement())
                            })
                    } else {
                        mentions
                            .iter()
                            .find(|m| {
                                m.label == Label::Agreement && m.start >= after && m.start < end
                            })
                            .map(|m| m.entity)
                            .or_else(|| {
                                // `a Work Plan 2024-2027, which A and B signed`.
                                let w = (clause_start.min(k)..k)
                                    .rev()
                                    .find(|&x| matches!(lower[x].as_str(), "which" | "that"))?;
                                mentions
                                    .iter()
                                    .rev()
                                    .find(|m| {
                                        m.label == Label::Agreement && m.end <= w && w - m.end <= 1
                                    })
                                    .map(|m| m.entity)
                            })
                            .or_else(|| self.described_agreement(toks, &lower, after, end, false))
                            .or_else(|| {
                                refs.iter()
                                    .find(|r| {
                                        r.label == Label::Agreement && r.at >= after && r.at < end
                                    })
                                    .and_then(|_| self.last_agreement())
                            })
                            .or_else(|| {
                                // `X and Y signed for their institutions`: what the article
                                // has been about.
                                let object = lower.get(after).map(String::as_str);
                                matches!(
                                    object,
                                    Some("for" | "on" | "at" | "in" | "." | "," | "it" | "them")
                                )
                                .then(|| self.last_agreement())
                                .flatten()
                            })
                    };
                    let mut parties = if passive {
                        by_parties.clone()
                    } else {
                        subjects.clone()
                    };
                    if self.in_heading {
                        // Headlines name countries for the institutions that signed.
                        parties.retain(|&p| self.entities[p].label != Label::Country);
                    }
                    if !passive {
                        // `A signed X with B`.
                        if let Some(w) = (after..end).find(|&x| lower[x] == "with") {
                            parties.extend(self.objects(&lower, mentions, w + 1, end));
                        }
                    }
                    if let Some(t) = target {
                        for &p in &parties {
                            self.relate(RelType::Signed, p, t, None, sentence_date.clone(), ev);
                        }
                        // People signing together were at one gathering: the talks they held,
                        // or the signing itself.
                        let people: Vec<usize> = parties
                            .iter()
                            .copied()
                            .filter(|&p| self.entities[p].label == Label::Person)
                            .collect();
                        let known = self
                            .all_talks
                            .iter()
                            .any(|(_, p)| people.iter().any(|x| p.contains(x)));
                        // The event of the sentence (`signed at the summit`), the event in
                        // context (`On the occasion, ...`), else the talks or the signing itself.
                        let here = mentions
                            .iter()
                            .find(|m| m.label == Label::Event)
                            .map(|m| m.entity);
                        let occasion = lower.iter().any(|w| w == "occasion") && !known;
                        let gathering = if let Some(e) = here.filter(|_| !known) {
                            Some(e)
                        } else if occasion && self.last_event.is_some() {
                            self.last_event
                        } else if people.len() >= 2 {
                            self.signing_gathering(&people, &sentence_date, toks, &lower, after)
                        } else {
                            None
                        };
                        if let Some(g) = gathering {
                            for &p in &people {
                                self.relate(RelType::Attended, p, g, None, None, ev);
                            }
                        }
                    }
                }
                RelType::Attended => {
                    let mut targets: Vec<usize> = Vec::new();
                    let parties = if passive {
                        let before_event = mentions
                            .iter()
                            .rev()
                            .find(|m| m.label == Label::Event && m.end <= k)
                            .map(|m| m.entity)
                            .or_else(|| {
                                refs.iter()
                                    .rev()
                                    .find(|r| r.label == Label::Event && r.at < k)
                                    .and_then(|r| self.event_for_ref(&r.word))
                            });
                        targets.extend(before_event);
                        by_parties.clone()
                    } else {
                        targets.extend(
                            mentions
                                .iter()
                                .filter(|m| {
                                    m.label == Label::Event && m.start >= after && m.start < end
                                })
                                .map(|m| m.entity),
                        );
                        if targets.is_empty() {
                            targets.extend(self.event_after(
                                mentions,
                                refs,
                                after.saturating_sub(1),
                                end,
                            ));
                        }
                        subjects.clone()
                    };
                    for &t in &targets {
                        for &p in &parties {
                            self.relate(RelType::Attended, p, t, None, None, ev);
                        }
                    }
                    // Co-chairs of a meeting met each other.
                    if lower[k] == "co-chaired" && parties.len() >= 2 {
                        let people: Vec<usize> = parties
                            .iter()
                            .copied()
                            .filter(|&p| self.entities[p].label == Label::Person)
                            .collect();
                        for x in 0..people.len() {
                            for y in x + 1..people.len() {
                                self.relate(
                                    RelType::MetWith,
                                    people[x],
                                    people[y],
                                    None,
                                    sentence_date.clone(),
                                    ev,
                                );
                            }
                        }
                    }
                }
                _ => {}
            }
            if let Some(&p) = subjects
                .iter()
                .find(|&&p| self.entities[p].label == Label::Person)
            {
                self.last_subject = Some(p);
            }
            k = after;
        }
        // `in the presence of X`, `accompanied at the meeting by X and Y`, `Also attending the
        // session was X`: X attended the event of the sentence (or the article's talks).
        for (k, w) in lower.iter().enumerate() {
            let start = if w == "presence" && lower.get(k + 1).is_some_and(|x| x == "of") {
                Some(k + 2)
            } else if w == "accompanied" {
                (k + 1..toks.len().min(k + 8))
                    .find(|&x| lower[x] == "by")
                    .map(|x| x + 1)
            } else if w == "present"
                && !lower.get(k + 1).is_some_and(|x| {
                    x == "at" && k > 0 && matches!(lower[k - 1].as_str(), "was" | "were")
                })
            {
                // `Also present were X and Y`, `Present at the meeting were X`.
                (k + 1..toks.len().min(k + 10))
                    .find(|&x| matches!(lower[x].as_str(), "was" | "were"))
                    .map(|x| x + 1)
            } else if w == "attending" {
                (k + 1..toks.len().min(k + 10))
                    .find(|&x| matches!(lower[x].as_str(), "was" | "were"))
                    .map(|x| x + 1)
            } else {
                None
            };
            if let Some(from) = start {
                let end = self.clause_end(toks, from);
                let event = self
                    .sentence_event(mentions, refs)
                    .or(self.talks)
                    .or_else(|| self.first_named_event());
                if let Some(e) = event {
                    for p in self.objects_all(mentions, from, end) {
                        if self.entities[p].label == Label::Person {
                            self.relate(RelType::Attended, p, e, None, None, ev);
                        }
                    }
                }
            }
        }
        if let Some(e) = mentions
            .iter()
            .rev()
            .find(|m| m.label == Label::Event && self.entities[m.entity].named)
        {
            self.last_event = Some(e.entity);
        }
        // A sentence that opens a list of participants: `... attended by the following:`.
        if s.trim_end().ends_with(':')
            && lower.iter().any(|w| {
                w.starts_with("attend")
                    || w.starts_with("participa")
                    || w == "part"
                    || w == "delegation"
                    || w == "delegations"
                    || w == "present"
            })
        {
            self.list_event = self
                .sentence_event(mentions, refs)
                .or_else(|| self.first_named_event());
        }
        if self.last_subject.is_none() || !mentions.iter().any(|m| m.label == Label::Person) {
            return;
        }
        if let Some(p) = mentions.iter().find(|m| m.label == Label::Person) {
            if p.start <= 3 {
                self.last_subject = Some(p.entity);
            }
        }
    }

    /// `a` met `b`: the MET_WITH edge, and both attended the talks event.
    #[allow(clippy::too_many_arguments)]
    fn met(
        &mut self,
        a: usize,
        b: usize,
        date: &Option<String>,
        toks: &[Token],
        lower: &[String],
        at: usize,
        ev: &Evidence,
    ) {
        self.relate(RelType::MetWith, a, b, None, date.clone(), ev);
        let t = self.talks_event((a, b), date.clone(), toks, lower, at);
        self.relate(RelType::Attended, a, t, None, None, ev);
        self.relate(RelType::Attended, b, t, None, None, ev);
    }

    fn title_text(&self, t: &str) -> String {
        self.lex
            .title(t)
            .map(|x| x.expansion.clone())
            .unwrap_or_else(|| t.to_string())
    }

    fn clause_end(&self, toks: &[Token], from: usize) -> usize {
        (from..toks.len())
            .find(|&x| matches!(toks[x].text, ";" | "."))
            .unwrap_or(toks.len())
    }

    /// Who does the verb at `k`: persons before it in the clause (all of them when joined by
    /// `and`), else `the two ministers`/`both sides` (the parties of the article's talks), a
    /// delegation (its head), `he`/`she` (the last subject), else organizations and
    /// countries joined by `and`.
    fn subjects(
        &self,
        lower: &[String],
        mentions: &[Mention],
        from: usize,
        k: usize,
        rel: RelType,
    ) -> Vec<usize> {
        let from = from.min(k);
        // `X recalled that A and B signed`: the subject is in the clause after `that`.
        let from = (from..k)
            .rev()
            .find(|&x| matches!(lower[x].as_str(), "that" | "which" | "whereby"))
            .map_or(from, |x| x + 1);
        let before: Vec<&Mention> = top_level(mentions)
            .into_iter()
            .filter(|m| m.start >= from && m.end <= k)
            .collect();
        let persons: Vec<&&Mention> = before.iter().filter(|m| m.label == Label::Person).collect();
        if let Some(first) = persons.first() {
            let mut out = vec![first.entity];
            for w in persons.windows(2) {
                let between = &lower[w[0].end.min(w[1].start)..w[1].start];
                // `A and B`, and lists `A, B and C` (each with a title in between).
                let listed = between.iter().any(|x| x == "and")
                    || (between.iter().any(|x| x == ",") && persons.len() >= 3);
                if listed && !between.iter().any(|x| x == "with" || x == "by") {
                    out.push(w[1].entity);
                }
            }
            out.dedup();
            return out;
        }
        let window = &lower[from..k];
        let pair_word = window.windows(2).any(|w| {
            matches!(w[0].as_str(), "two" | "both")
                && matches!(
                    w[1].as_str(),
                    "ministers"
                        | "sides"
                        | "parties"
                        | "leaders"
                        | "officials"
                        | "heads"
                        | "delegations"
                        | "countries"
                        | "institutions"
                        | "co-chairs"
                        | "chairs"
                        | "signatories"
                        | "presidents"
                        | "directors"
                        | "ambassadors"
                        | "secretaries"
                )
        });
        if pair_word {
            let parties = self.meeting_parties();
            if parties.len() >= 2 {
                return parties;
            }
            // `the two co-chairs` named together before any talks.
            if self.last_group.len() >= 2 {
                return self.last_group.clone();
            }
        }
        if window.iter().any(|w| w == "delegation") {
            if let Some(&h) = self.delegation_heads.first() {
                return vec![h];
            }
        }
        // `the minister held talks`: the person of the article with that title.
        if let Some(role) = window
            .iter()
            .rev()
            .take(3)
            .find(|w| self.lex.is_role_word(w))
        {
            if let Some(p) = self.person_with_role(role) {
                return vec![p];
            }
        }
        if k >= 1 && (k - from) <= 3 && window.iter().any(|w| w == "he" || w == "she") {
            if let Some(p) = self.last_subject {
                return vec![p];
            }
        }
        let allowed: &[Label] = match rel {
            RelType::MetWith => &[Label::Organization],
            _ => &[Label::Organization, Label::Country],
        };
        let mut parties: Vec<&&Mention> = before
            .iter()
            .filter(|m| allowed.contains(&m.label))
            .collect();
        if parties.iter().any(|m| m.label == Label::Organization) {
            parties.retain(|m| m.label == Label::Organization);
        }
        let Some(last) = parties.last() else {
            return Vec::new();
        };
        let mut out = vec![last.entity];
        for w in parties.windows(2).rev() {
            let between = &lower[w[0].end.min(w[1].start)..w[1].start];
            if between.iter().any(|x| x == "and")
                && between.len() <= 8
                && out.contains(&w[1].entity)
            {
                out.push(w[0].entity);
            }
        }
        out.reverse();
        out.dedup();
        out
    }

    /// Who the meeting verb reaches: the first person after it (through `a delegation headed
    /// by`) and any other joined by `and`; else the delegation's head; else the first
    /// organization.
    fn objects(
        &self,
        lower: &[String],
        mentions: &[Mention],
        from: usize,
        end: usize,
    ) -> Vec<usize> {
        let after: Vec<&Mention> = top_level(mentions)
            .into_iter()
            .filter(|m| m.start >= from && m.start < end)
            .collect();
        let persons: Vec<&&Mention> = after.iter().filter(|m| m.label == Label::Person).collect();
        if let Some(first) = persons.first() {
            let mut out = vec![first.entity];
            for w in persons.windows(2) {
                let between = &lower[w[0].end.min(w[1].start)..w[1].start];
                if between.iter().any(|x| x == "and")
                    && !between
                        .iter()
                        .any(|x| matches!(x.as_str(), "signed" | "said" | "met" | "by"))
                {
                    out.push(w[1].entity);
                }
            }
            out.dedup();
            return out;
        }
        if (from..end).any(|x| lower[x] == "delegation") {
            if let Some(&h) = self.delegation_heads.first() {
                return vec![h];
            }
        }
        after
            .iter()
            .find(|m| m.label == Label::Organization)
            .map(|m| vec![m.entity])
            .unwrap_or_default()
    }

    fn objects_all(&self, mentions: &[Mention], from: usize, end: usize) -> Vec<usize> {
        let after: Vec<&Mention> = top_level(mentions)
            .into_iter()
            .filter(|m| m.start >= from && m.start < end)
            .collect();
        let persons: Vec<usize> = after
            .iter()
            .filter(|m| m.label == Label::Person)
            .map(|m| m.entity)
            .collect();
        if !persons.is_empty() {
            return persons;
        }
        after
            .iter()
            .filter(|m| matches!(m.label, Label::Organization | Label::Country))
            .map(|m| m.entity)
            .collect()
    }

    /// The event meant by an `attended the meeting`-style object between `from` and `end`.
    fn event_after(
        &mut self,
        mentions: &[Mention],
        refs: &[Reference],
        from: usize,
        end: usize,
    ) -> Option<usize> {
        if let Some(m) = mentions
            .iter()
            .find(|m| m.label == Label::Event && m.start > from && m.start < end)
        {
            return Some(m.entity);
        }
        let r = refs
            .iter()
            .find(|r| r.label == Label::Event && r.at > from && r.at < end)?;
        Some(self.event_for_ref(&r.word))?
    }

    /// The event a sentence is about: the first it names, else the one its first reference
    /// (`the meeting`) points to.
    fn sentence_event(&self, mentions: &[Mention], refs: &[Reference]) -> Option<usize> {
        mentions
            .iter()
            .find(|m| m.label == Label::Event)
            .map(|m| m.entity)
            .or_else(|| {
                refs.iter()
                    .find(|r| r.label == Label::Event)
                    .and_then(|r| self.event_for_ref(&r.word))
            })
    }

    /// The event a reference word points to: a named event whose name has the word
    /// (`the forum` → `... Forum`), the talks for `meeting`/`talks`, else the article's
    /// talks or its first named event.
    fn event_for_ref(&self, word: &str) -> Option<usize> {
        let named = |w: &str| {
            self.entities.iter().position(|e| {
                e.label == Label::Event
                    && e.named
                    && e.name
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|x| x == w)
            })
        };
        match word {
            "meeting" => named("meeting")
                .or_else(|| self.meeting_talks())
                .or_else(|| named("session"))
                .or_else(|| self.first_named_event()),
            "talks" | "visit" => self
                .meeting_talks()
                .or_else(|| named("meeting"))
                .or_else(|| named("session"))
                .or_else(|| self.first_named_event()),
            "ceremony" | "event" => self.talks.or_else(|| self.first_named_event()),
            "opening" => self.first_named_event().or(self.talks),
            w => named(w).or(self.talks).or_else(|| self.first_named_event()),
        }
    }

    /// The person this article gives a title with `role` in it (`minister`): the last
    /// subject if it fits, else the first such person.
    fn person_with_role(&self, role: &str) -> Option<usize> {
        let fits = |p: usize| {
            self.relations.iter().any(|r| {
                r.rel_type == RelType::AffiliatedWith
                    && r.source == p
                    && r.title
                        .as_deref()
                        .is_some_and(|t| t.to_lowercase().contains(role))
            }) || self.entities[p]
                .aliases
                .iter()
                .any(|a| a.to_lowercase().split(' ').any(|w| w == role))
                || self
                    .roles
                    .iter()
                    .any(|(x, t)| *x == p && t.split(' ').any(|w| w == role))
        };
        if let Some(p) = self.last_subject.filter(|&p| fits(p)) {
            return Some(p);
        }
        (0..self.entities.len()).find(|&p| self.entities[p].label == Label::Person && fits(p))
    }

    fn first_named_event(&self) -> Option<usize> {
        self.entities
            .iter()
            .position(|e| e.label == Label::Event && e.named)
    }

    /// `signed a memorandum of understanding on joint research in X`: an agreement named by
    /// its description, when no named one follows the verb.
    fn described_agreement(
        &mut self,
        toks: &[Token],
        lower: &[String],
        after: usize,
        end: usize,
        parties_follow: bool,
    ) -> Option<usize> {
        let head = (after..end.min(after + 6)).find(|&x| {
            matches!(
                lower[x].as_str(),
                "memorandum"
                    | "agreement"
                    | "agreements"
                    | "protocol"
                    | "declaration"
                    | "statement"
                    | "mou"
                    | "treaty"
                    | "accord"
                    | "arrangement"
                    | "charter"
                    | "plan"
                    | "letter"
                    | "convention"
                    | "memoranda"
            )
        })?;
        let mut start = after;
        while start < head
            && matches!(
                lower[start].as_str(),
                "a" | "an"
                    | "the"
                    | "their"
                    | "its"
                    | "two"
                    | "new"
                    | "first"
                    | "second"
                    | "three"
                    | "several"
            )
        {
            start += 1;
        }
        if (start..head).any(|x| !(toks[x].is_lower() || toks[x].text == "-")) {
            return None;
        }
        let mut stop = head + 1;
        let mut skipped: Vec<usize> = Vec::new();
        while stop < end {
            let w = lower[stop].as_str();
            // `the Mano River Union (MRU) countries`: an acronym inside the description.
            if w == "("
                && stop + 2 < end
                && toks[stop + 2].text == ")"
                && toks[stop + 1].is_acronym()
            {
                skipped.extend([stop, stop + 1, stop + 2]);
                stop += 3;
                continue;
            }
            // `An agreement on X between A and B was signed`: the parties are not the name.
            if parties_follow && w == "between" {
                break;
            }
            let next = lower.get(stop + 1).map(String::as_str).unwrap_or("");
            let temporal = matches!(w, "on" | "in" | "at")
                && (is_weekday(next)
                    || next.chars().all(|c| c.is_ascii_digit())
                    || is_month(&capitalize(next)));
            if matches!(
                w,
                "," | "."
                    | ";"
                    | "("
                    | "which"
                    | "that"
                    | "to"
                    | "during"
                    | "witnessed"
                    | "at"
                    | "last"
                    | "this"
                    | "after"
                    | "before"
                    | "following"
                    | "under"
                    | "within"
                    | "by"
                    | "with"
                    | "and"
            ) && !(w == "and"
                && stop > head
                && ((toks[stop - 1].is_lower()
                    && toks.get(stop + 1).is_some_and(|t| t.is_lower()))
                    || (lower[head..stop].iter().any(|x| x == "between")
                        && !lower[head..stop].iter().any(|x| x == "and"))))
                || temporal
                || (w == "in"
                    && toks.get(stop + 1).is_some_and(|t| t.is_cap())
                    && self.country_at(toks, stop + 1).is_none()
                    && !toks[stop + 1].is_acronym())
            {
                if temporal
                    && stop + 2 < end
                    && matches!(lower[stop + 2].as_str(), "on" | "in" | "for" | "between")
                    && head + 1 == stop
                {
                    // `signed a memorandum of understanding on Wednesday on joint research`
                    let rest = self.described_tail(toks, lower, stop + 2, end);
                    let name = format!("{} {}", join_words(&toks[start..stop]), rest);
                    return Some(self.entity(Label::Agreement, name.trim()));
                }
                break;
            }
            stop += 1;
        }
        let words: Vec<Token> = (start..stop)
            .filter(|x| !skipped.contains(x))
            .map(|x| toks[x].clone())
            .collect();
        let text = join_words(&words).replace(" - ", "-");
        let e = self.entity(Label::Agreement, &text);
        if self.in_heading {
            self.heading_agreements.push(e);
        }
        Some(e)
    }

    fn described_tail(&self, toks: &[Token], lower: &[String], from: usize, end: usize) -> String {
        let mut stop = from;
        while stop < end
            && !matches!(
                lower[stop].as_str(),
                "," | "." | ";" | "(" | "which" | "that" | "during" | "witnessed"
            )
        {
            stop += 1;
        }
        join_words(&toks[from..stop])
    }

    fn last_agreement(&self) -> Option<usize> {
        self.entities
            .iter()
            .rposition(|e| e.label == Label::Agreement)
    }

    /// The people of the article's talks (or, before any, of its signing).
    fn meeting_parties(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for r in self
            .relations
            .iter()
            .filter(|r| matches!(r.rel_type, RelType::MetWith | RelType::Signed))
        {
            let ends: &[usize] = if r.rel_type == RelType::MetWith {
                &[r.source, r.target]
            } else {
                &[r.source]
            };
            for &e in ends {
                if self.entities[e].label == Label::Person && !out.contains(&e) {
                    out.push(e);
                }
            }
            if out.len() >= 2 && r.rel_type == RelType::MetWith {
                break;
            }
        }
        out
    }

    /// The unnamed event for talks between `a` and `b`: an earlier talks event of the
    /// article that one of them took part in, else a new one.
    fn talks_event(
        &mut self,
        parties: (usize, usize),
        date: Option<String>,
        toks: &[Token],
        lower: &[String],
        after: usize,
    ) -> usize {
        if let Some(t) = self
            .all_talks
            .iter_mut()
            .find(|(_, p)| p.contains(&parties.0) || p.contains(&parties.1))
        {
            for x in [parties.0, parties.1] {
                if !t.1.contains(&x) {
                    t.1.push(x);
                }
            }
            let e = t.0;
            self.talks = Some(e);
            return e;
        }
        let i = self.entities.len();
        let stem = self
            .doc_id
            .rsplit_once('.')
            .map(|x| x.0)
            .unwrap_or(&self.doc_id)
            .to_string();
        // `met in Beijing with`: the place.
        let place = (after.saturating_sub(3)..toks.len().min(after + 3))
            .find(|&x| {
                lower[x] == "in"
                    && x + 1 < toks.len()
                    && toks[x + 1].is_cap()
                    && self.country_at(toks, x + 1).is_none()
            })
            .map(|x| toks[x + 1].text.to_string());
        let n = self.all_talks.len() + 1;
        self.entities.push(LocalEntity {
            label: Label::Event,
            name: if n == 1 {
                format!("Talks reported in {stem}")
            } else {
                format!("Talks {n} reported in {stem}")
            },
            named: false,
            aliases: BTreeSet::new(),
            acronyms: BTreeSet::new(),
            country: None,
            date: date.or_else(|| self.doc_date.clone()),
            place,
        });
        self.all_talks.push((i, vec![parties.0, parties.1]));
        self.talks = Some(i);
        i
    }

    /// Where people who signed together were: the talks most of them held; no event when only
    /// a few of them held talks (they signed on another occasion, which the article does not
    /// make an event of); else the signing itself, a new unnamed event.
    fn signing_gathering(
        &mut self,
        people: &[usize],
        date: &Option<String>,
        toks: &[Token],
        lower: &[String],
        at: usize,
    ) -> Option<usize> {
        // Talks where at least half of the signers were (the other signer often heads the
        // organization the talks were with).
        if let Some((t, _)) = self
            .all_talks
            .iter()
            .find(|(_, p)| 2 * people.iter().filter(|x| p.contains(x)).count() >= people.len())
        {
            let t = *t;
            if let Some((_, parties)) = self.all_talks.iter_mut().find(|(e, _)| *e == t) {
                for &p in people {
                    if !parties.contains(&p) {
                        parties.push(p);
                    }
                }
            }
            return Some(t);
        }
        if self
            .all_talks
            .iter()
            .any(|(_, p)| people.iter().any(|x| p.contains(x)))
        {
            return None;
        }
        let t = self.talks_event((people[0], people[1]), date.clone(), toks, lower, at);
        self.signings.push(t);
        if let Some((_, parties)) = self.all_talks.iter_mut().find(|(e, _)| *e == t) {
            for &p in people {
                if !parties.contains(&p) {
                    parties.push(p);
                }
            }
        }
        Some(t)
    }

    /// The talks of the article for `the meeting`, `the talks`: the first talks event that
    /// is not a signing, else any.
    fn meeting_talks(&self) -> Option<usize> {
        self.all_talks
            .iter()
            .map(|(t, _)| *t)
            .find(|t| !self.signings.contains(t))
            .or(self.talks)
    }

    /// Name each talks event after its first two parties, people first.
    fn finish_talks(&mut self) {
        for (t, parties) in self.all_talks.clone() {
            if self.entities[t].named {
                continue;
            }
            let mut parties = parties;
            parties.sort_by_key(|&p| self.entities[p].label != Label::Person);
            let mut names: Vec<String> = Vec::new();
            for p in parties {
                let n = self.entities[p].name.clone();
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            if names.len() >= 2 {
                self.entities[t].name = format!("Talks between {} and {}", names[0], names[1]);
            }
        }
    }

    /// Join entities of this document that are one: an organization's short form
    /// (`Panamanian Foreign Ministry` → `Ministry of Foreign Affairs of Panama`), a described
    /// agreement (`the MOU`) and a headline's form of an agreement named in the text.
    #[allow(clippy::needless_range_loop)] // indices into two parallel vectors
    fn consolidate(&mut self) {
        let n = self.entities.len();
        let mut target: Vec<usize> = (0..n).collect();
        let content = |e: &LocalEntity, lex: &Lexicon| -> BTreeSet<String> {
            e.name
                .split_whitespace()
                .map(|w| strip_possessive(w).0.to_lowercase())
                .filter(|w| {
                    !matches!(
                        w.as_str(),
                        "of" | "the" | "and" | "for" | "on" | "in" | "to" | "-"
                    ) && lex.country(w).is_none()
                })
                .collect()
        };
        let heads = |e: &LocalEntity, lex: &Lexicon| -> Vec<String> {
            e.name
                .split_whitespace()
                .filter(|w| lex.is_org_head(w))
                .map(String::from)
                .collect()
        };
        for a in 0..n {
            let ea = &self.entities[a];
            // Only `<modifiers> Head` forms (`Panamanian Foreign Ministry`) are short forms of
            // a `Head of ...` name; `Ministry of X` is a full name of its own.
            let words: Vec<&str> = ea.name.split_whitespace().collect();
            let head_last = words.last().is_some_and(|w| self.lex.is_org_head(w));
            if ea.label != Label::Organization
                || !ea.named
                || words.len() < 2
                || !head_last
                || !ea.acronyms.is_empty()
            {
                continue;
            }
            let ca = content(ea, self.lex);
            let ha = heads(ea, self.lex);
            let mut best: Option<(usize, usize)> = None;
            for b in 0..n {
                let eb = &self.entities[b];
                if a == b || eb.label != Label::Organization {
                    continue;
                }
                let cb = content(eb, self.lex);
                let compatible = match (&ea.country, &eb.country) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
                let b_words: Vec<&str> = eb.name.split_whitespace().collect();
                // `Ministry of ...`, or a longer name that starts with the short one
                // (`Royal Academy` → `Royal Academy of Engineering`).
                let b_head_first = (b_words.first().is_some_and(|w| self.lex.is_org_head(w))
                    && b_words.get(1) == Some(&"of"))
                    || (b_words.len() > words.len()
                        && b_words[..words.len()] == words[..]
                        && b_words[words.len()] == "of");
                if compatible
                    && b_head_first
                    && ca.len() < cb.len()
                    && ca.is_subset(&cb)
                    && ha == heads(eb, self.lex)
                    && !ha.is_empty()
                    && best.is_none_or(|(_, l)| cb.len() > l)
                {
                    best = Some((b, cb.len()));
                }
            }
            if let Some((b, _)) = best {
                target[a] = b;
            }
        }
        // An acronym used before the sentence that defines it.
        for a in 0..n {
            let e = &self.entities[a];
            if e.label == Label::Organization {
                if let Some(&b) = self.acronyms.get(&e.name).filter(|&&b| b != NOT_A_NODE) {
                    if b != a && self.entities[b].name != e.name {
                        target[a] = b;
                    }
                }
            }
        }
        // Agreements: bare descriptions and headline forms join the fullest named one.
        let agreements: Vec<usize> = (0..n)
            .filter(|&i| self.entities[i].label == Label::Agreement)
            .collect();
        if let Some(&full) = agreements
            .iter()
            .max_by_key(|&&i| (self.entities[i].name.len(), std::cmp::Reverse(i)))
        {
            let parties = |e: &LocalEntity| {
                e.name
                    .split_once(" between ")
                    .map(|(_, p)| key_of(p.split(" on ").next().unwrap_or(p)))
            };
            for &a in &agreements {
                if a == full {
                    continue;
                }
                let bare = self.lex.is_agreement_phrase(&self.entities[a].name)
                    || (self.heading_agreements.contains(&a)
                        && self.entities[full].name.starts_with(char::is_uppercase));
                let same_parties = parties(&self.entities[a]).is_some()
                    && parties(&self.entities[a]) == parties(&self.entities[full]);
                if bare || same_parties {
                    target[a] = full;
                }
            }
        }
        // Talks between organizations only (`MOST Holds Talks with ...` in a headline) are the
        // talks their people held.
        if let Some(&(people_talks, _)) = self
            .all_talks
            .iter()
            .find(|(_, p)| p.iter().any(|&x| self.entities[x].label == Label::Person))
        {
            for (t, parties) in &self.all_talks {
                if *t != people_talks
                    && parties
                        .iter()
                        .all(|&x| self.entities[x].label != Label::Person)
                {
                    target[*t] = people_talks;
                }
            }
        }
        // Talks held at a named event are that event.
        if let (Some(t), Some(v)) = (self.talks, self.venue) {
            if t != v {
                target[t] = v;
            }
        }
        // Follow chains, then move names, aliases and relations.
        for i in 0..n {
            let mut t = target[i];
            while target[t] != t {
                t = target[t];
            }
            target[i] = t;
        }
        if target.iter().enumerate().all(|(i, &t)| i == t) {
            return;
        }
        for i in 0..n {
            let t = target[i];
            if t != i {
                let moved = self.entities[i].clone();
                let e = &mut self.entities[t];
                e.aliases.insert(moved.name.clone());
                e.aliases.extend(moved.aliases);
                e.acronyms.extend(moved.acronyms);
                if e.country.is_none() {
                    e.country = moved.country;
                }
                e.aliases.remove(&e.name.clone());
            }
        }
        let mut new_index = vec![usize::MAX; n];
        let mut kept = Vec::new();
        for (i, e) in self.entities.drain(..).enumerate() {
            if target[i] == i {
                new_index[i] = kept.len();
                kept.push(e);
            }
        }
        self.entities = kept;
        for r in &mut self.relations {
            r.source = new_index[target[r.source]];
            r.target = new_index[target[r.target]];
        }
        self.relations.retain(|r| r.source != r.target);
        self.talks = self.talks.map(|t| new_index[target[t]]);
        for (t, parties) in &mut self.all_talks {
            *t = new_index[target[*t]];
            for p in parties.iter_mut() {
                *p = new_index[target[*p]];
            }
        }
        // Talks that became one keep all their parties.
        let mut merged: Vec<(usize, Vec<usize>)> = Vec::new();
        for (t, parties) in std::mem::take(&mut self.all_talks) {
            match merged.iter_mut().find(|(x, _)| *x == t) {
                Some((_, p)) => {
                    for x in parties {
                        if !p.contains(&x) {
                            p.push(x);
                        }
                    }
                }
                None => merged.push((t, parties)),
            }
        }
        self.all_talks = merged;
        self.by_name.clear();
    }

    fn relate(
        &mut self,
        rel: RelType,
        a: usize,
        b: usize,
        title: Option<String>,
        date: Option<String>,
        ev: &Evidence,
    ) {
        let ok = match rel {
            RelType::MetWith => {
                matches!(self.entities[a].label, Label::Person | Label::Organization)
                    && matches!(self.entities[b].label, Label::Person | Label::Organization)
                    && a != b
            }
            RelType::Signed => {
                self.entities[a].label != Label::Agreement
                    && self.entities[a].label != Label::Event
                    && self.entities[b].label == Label::Agreement
            }
            RelType::Attended => {
                self.entities[a].label != Label::Event
                    && self.entities[a].label != Label::Agreement
                    && self.entities[b].label == Label::Event
            }
            RelType::AffiliatedWith => {
                self.entities[a].label == Label::Person
                    && self.entities[b].label == Label::Organization
            }
            RelType::BasedIn => {
                self.entities[a].label == Label::Organization
                    && self.entities[b].label == Label::Country
            }
        };
        if !ok {
            return;
        }
        self.relations.push(LocalRelation {
            rel_type: rel,
            source: a,
            target: b,
            title,
            date,
            evidence: ev.clone(),
        });
    }

    fn dedup_relations(&mut self) {
        let mut seen = BTreeSet::new();
        self.relations.retain(|r| {
            let (a, b) = if r.rel_type.is_symmetric() && r.target < r.source {
                (r.target, r.source)
            } else {
                (r.source, r.target)
            };
            seen.insert((r.rel_type, a, b, r.evidence.start))
        });
    }
}

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
        let w = t.text.to_lowercase();
        let prev = if k > 0 {
            toks[k - 1].text.to_lowercase()
        } else {
            String::new()
        };
        // `the three-day forum`, `the annual meeting`: one modifier after the determiner.
        let modified = k >= 2
            && toks[k - 1].is_lower()
            && prev.chars().all(|c| c.is_alphanumeric() || c == '-')
            && matches!(
                toks[k - 2].text.to_lowercase().as_str(),
                "the" | "this" | "that" | "its" | "their"
            );
        let determined = modified
            || matches!(
                prev.as_str(),
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
            w.as_str(),
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
            // `the opening ceremony` is a named event's, not the talks'.
            let word = if w == "ceremony" && matches!(prev.as_str(), "opening" | "closing") {
                "opening".to_string()
            } else {
                w.clone()
            };
            out.push(Reference {
                label: Label::Event,
                at: k,
                word,
            });
        }
        if matches!(
            w.as_str(),
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
        ) {
            out.push(Reference {
                label: Label::Agreement,
                at: k,
                word: w,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Extraction {
        let lex = Lexicon::builtin().unwrap();
        extract(
            &Document {
                id: "t.txt".into(),
                text: text.into(),
                ..Document::default()
            },
            &lex,
        )
    }

    fn names(x: &Extraction, label: Label) -> Vec<String> {
        let mut v: Vec<String> = x
            .entities
            .iter()
            .filter(|e| e.label == label && e.named)
            .map(|e| e.name.clone())
            .collect();
        v.sort();
        v
    }

    fn rels(x: &Extraction, t: RelType) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = x
            .relations
            .iter()
            .filter(|r| r.rel_type == t)
            .map(|r| {
                (
                    x.entities[r.source].name.clone(),
                    x.entities[r.target].name.clone(),
                )
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn title_chain_and_apposition() {
        let x = run("On March 3, 2020, Ana Ruiz, Director General of the Department of Research of the Ministry of Science (MOS) of Chile, met with Tran Van Hoa, Vice Minister of the Ministry of Industry of Vietnam.");
        assert_eq!(names(&x, Label::Person), ["Ana Ruiz", "Tran Van Hoa"]);
        assert_eq!(
            names(&x, Label::Organization),
            [
                "Department of Research",
                "Ministry of Industry of Vietnam",
                "Ministry of Science"
            ]
        );
        assert_eq!(
            rels(&x, RelType::MetWith),
            [("Ana Ruiz".into(), "Tran Van Hoa".into())]
        );
        assert_eq!(rels(&x, RelType::Attended).len(), 2);
    }

    #[test]
    fn signing_and_short_forms() {
        let x = run("Minister Zhou Haiyan met Dr. Khalid bin Salman Al-Harbi in Riyadh. Minister Zhou and Al-Harbi signed the Memorandum of Understanding on Marine Science. The MOU will be implemented soon.");
        assert_eq!(
            names(&x, Label::Person),
            ["Khalid bin Salman Al-Harbi", "Zhou Haiyan"]
        );
        assert_eq!(
            names(&x, Label::Agreement),
            ["Memorandum of Understanding on Marine Science"]
        );
        assert_eq!(rels(&x, RelType::Signed).len(), 2);
    }
}
