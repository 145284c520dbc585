//! Dictionaries: the TSV files under `schema/lexicon/`, embedded in the binary and
//! optionally extended or overridden from a folder (`--lexicon DIR`).
//!
//! Invariant: this is the only module that knows the files' format. No person or
//! organization names are listed in any of them: names come from patterns and context.

use crate::model::RelType;
use anyhow::{bail, Context, Result};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::path::Path;

/// The built-in files: (file name, contents).
pub const BUILTIN: [(&str, &str); 13] = [
    (
        "abbreviations.tsv",
        include_str!("../schema/lexicon/abbreviations.tsv"),
    ),
    (
        "agreement_words.tsv",
        include_str!("../schema/lexicon/agreement_words.tsv"),
    ),
    (
        "countries.tsv",
        include_str!("../schema/lexicon/countries.tsv"),
    ),
    ("debris.tsv", include_str!("../schema/lexicon/debris.tsv")),
    (
        "event_words.tsv",
        include_str!("../schema/lexicon/event_words.tsv"),
    ),
    (
        "name_particles.tsv",
        include_str!("../schema/lexicon/name_particles.tsv"),
    ),
    (
        "org_words.tsv",
        include_str!("../schema/lexicon/org_words.tsv"),
    ),
    (
        "relation_verbs.tsv",
        include_str!("../schema/lexicon/relation_verbs.tsv"),
    ),
    (
        "stopwords.tsv",
        include_str!("../schema/lexicon/stopwords.tsv"),
    ),
    ("titles.tsv", include_str!("../schema/lexicon/titles.tsv")),
    (
        "acronym_stoplist.tsv",
        include_str!("../schema/lexicon/acronym_stoplist.tsv"),
    ),
    ("verbs.tsv", include_str!("../schema/lexicon/verbs.tsv")),
    (
        "word_classes.tsv",
        include_str!("../schema/lexicon/word_classes.tsv"),
    ),
];

#[derive(Clone, Debug)]
pub struct Country {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TitleKind {
    Position,
    Honorific,
}

#[derive(Clone, Debug)]
pub struct Title {
    /// The full form (`DDG` → `Deputy Director General`).
    pub expansion: String,
    pub kind: TitleKind,
}

/// All dictionaries, ready for lookups. Multi-word entries are keyed by their lower-case
/// words joined with single spaces.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub countries: Vec<Country>,
    /// lower-case form → (country index, is a demonym/adjective)
    country_forms: HashMap<String, (usize, bool)>,
    pub country_max_words: usize,
    /// First words (lower-case) of multi-word entries, to reject most tokens without
    /// building a phrase: countries, titles, agreement phrases.
    country_first: HashSet<String>,
    title_first: HashSet<String>,
    /// Quick "no" for the hottest one-word look-ups (see [`Sketch`]).
    title_first_sketch: Sketch,
    org_heads_sketch: Sketch,
    event_words_sketch: Sketch,
    agreement_first: HashSet<String>,
    titles: HashMap<String, Title>,
    /// Every key of `titles`, `country_forms` and `agreement_phrases` cut after each of its
    /// words but the last (`deputy`, `deputy director`): a phrase not in here cannot grow
    /// into an entry, so `text::tokenize` stops looking.
    title_prefixes: HashSet<String>,
    country_prefixes: HashSet<String>,
    agreement_prefixes: HashSet<String>,
    pub title_max_words: usize,
    org_heads: HashSet<String>,
    org_tails: HashSet<String>,
    agreement_phrases: HashSet<String>,
    pub agreement_max_words: usize,
    event_words: HashSet<String>,
    particles: HashSet<String>,
    abbreviations: HashSet<String>,
    debris: Vec<String>,
    stopwords: HashSet<String>,
    acronym_stoplist: HashSet<String>,
    verbs: HashSet<String>,
    /// word → class (`function`, `role`, `program`, `place`)
    word_classes: HashMap<String, String>,
    /// (lower-case words, relation)
    pub relation_verbs: Vec<(Vec<String>, RelType)>,
    /// first word of a relation verb → its indices in `relation_verbs`, in that order
    verbs_by_first: HashMap<String, Vec<usize>>,
}

impl Lexicon {
    /// The embedded dictionaries.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::load(None)
    }

    /// The embedded dictionaries, with every `*.tsv` of `dir` added: a file named like a
    /// built-in one adds its rows to it (a row whose first field starts with `-` removes
    /// that entry instead).
    pub fn load(dir: Option<&Path>) -> Result<Lexicon> {
        let mut files: HashMap<&str, Vec<(String, usize, String)>> = HashMap::default();
        for (name, text) in BUILTIN {
            files.entry(name).or_default().push((
                format!("schema/lexicon/{name}"),
                0,
                text.to_string(),
            ));
        }
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir)
                .with_context(|| format!("reading lexicon folder {}", dir.display()))?;
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                let Some(fname) = p.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                let Some((known, _)) = BUILTIN.iter().find(|(n, _)| *n == fname) else {
                    if fname.ends_with(".tsv") {
                        bail!(
                            "{}: not a known lexicon file (expected one of: {})",
                            p.display(),
                            BUILTIN
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    continue;
                };
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("reading {}", p.display()))?;
                files
                    .entry(known)
                    .or_default()
                    .push((p.display().to_string(), 0, text));
            }
        }
        let mut lex = Lexicon::default();
        for (name, sources) in &files {
            let mut rows: Vec<Vec<String>> = Vec::new();
            for (path, _, text) in sources {
                for (line_no, fields) in rows_of(path, text, columns(name))? {
                    if let Some(key) = fields[0].strip_prefix('-') {
                        let before = rows.len();
                        rows.retain(|r| r[0] != key);
                        if rows.len() == before {
                            bail!("{path}:{line_no}: `-{key}` removes nothing: {name} has no entry `{key}`");
                        }
                    } else if let Some(row) = rows.iter_mut().find(|r| r[0] == fields[0]) {
                        // Same first field: the later row replaces the earlier one in place.
                        *row = fields;
                    } else {
                        rows.push(fields);
                    }
                }
            }
            lex.add(name, rows);
        }
        lex.title_first_sketch = Sketch::of(&lex.title_first);
        lex.org_heads_sketch = Sketch::of(&lex.org_heads);
        lex.event_words_sketch = Sketch::of(&lex.event_words);
        Ok(lex)
    }

    fn add(&mut self, file: &str, rows: Vec<Vec<String>>) {
        match file {
            "countries.tsv" => {
                for r in rows {
                    let idx = self.countries.len();
                    self.countries.push(Country { name: r[0].clone() });
                    let mut forms: Vec<(String, bool)> = vec![(r[0].clone(), false)];
                    forms.extend(split_list(&r[1]).map(|v| (v, false)));
                    forms.extend(split_list(&r[2]).map(|v| (v, true)));
                    for (f, demonym) in forms {
                        let key = key_of(&f);
                        self.country_max_words = self.country_max_words.max(key.split(' ').count());
                        self.country_first.insert(first_word(&key));
                        insert_prefixes(&mut self.country_prefixes, &key);
                        self.country_forms.entry(key).or_insert((idx, demonym));
                    }
                }
            }
            "titles.tsv" => {
                for r in rows {
                    let key = key_of(&r[0]);
                    self.title_max_words = self.title_max_words.max(key.split(' ').count());
                    self.title_first.insert(first_word(&key));
                    insert_prefixes(&mut self.title_prefixes, &key);
                    let expansion = if r[1].is_empty() {
                        r[0].clone()
                    } else {
                        r[1].clone()
                    };
                    let kind = if r[2] == "honorific" {
                        TitleKind::Honorific
                    } else {
                        TitleKind::Position
                    };
                    self.titles.insert(key, Title { expansion, kind });
                }
            }
            "org_words.tsv" => {
                for r in rows {
                    if r[1] == "tail" {
                        self.org_tails.insert(r[0].clone());
                    } else {
                        self.org_heads.insert(r[0].clone());
                    }
                }
            }
            "agreement_words.tsv" => {
                for r in rows {
                    let key = key_of(&r[0]);
                    self.agreement_max_words = self.agreement_max_words.max(key.split(' ').count());
                    self.agreement_first.insert(first_word(&key));
                    insert_prefixes(&mut self.agreement_prefixes, &key);
                    self.agreement_phrases.insert(key);
                }
            }
            "event_words.tsv" => self
                .event_words
                .extend(rows.into_iter().map(|r| r[0].to_lowercase())),
            "name_particles.tsv" => self
                .particles
                .extend(rows.into_iter().map(|r| r[0].clone())),
            "abbreviations.tsv" => self
                .abbreviations
                .extend(rows.into_iter().map(|r| r[0].clone())),
            "debris.tsv" => self
                .debris
                .extend(rows.into_iter().map(|r| r[0].to_lowercase())),
            "stopwords.tsv" => self
                .stopwords
                .extend(rows.into_iter().map(|r| r[0].clone())),
            "word_classes.tsv" => {
                for r in rows {
                    self.word_classes.insert(r[0].clone(), r[1].clone());
                }
            }
            "verbs.tsv" => self
                .verbs
                .extend(rows.into_iter().map(|r| r[0].to_lowercase())),
            "acronym_stoplist.tsv" => self
                .acronym_stoplist
                .extend(rows.into_iter().map(|r| r[0].clone())),
            "relation_verbs.tsv" => {
                for r in rows {
                    if let Some(t) = RelType::parse(&r[1]) {
                        self.relation_verbs
                            .push((key_of(&r[0]).split(' ').map(String::from).collect(), t));
                    }
                }
                // Longest phrases first, so `met with` wins over `met`.
                self.relation_verbs
                    .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
                self.verbs_by_first.clear();
                for (i, (words, _)) in self.relation_verbs.iter().enumerate() {
                    let first = words.first().cloned().unwrap_or_default();
                    self.verbs_by_first.entry(first).or_default().push(i);
                }
            }
            _ => {}
        }
    }

    /// A country form (name, variant or demonym) spelled by these words.
    pub fn country(&self, words: &str) -> Option<(usize, bool)> {
        with_key(words, |k| self.country_forms.get(k).copied())
    }
    /// `country` of the words joined with spaces, without joining them.
    pub fn country_words(&self, words: &[&str]) -> Option<(usize, bool)> {
        with_key_words(words, |k| self.country_forms.get(k).copied())
    }
    pub fn country_name(&self, idx: usize) -> &str {
        &self.countries[idx].name
    }
    pub fn title(&self, words: &str) -> Option<&Title> {
        with_key(words, |k| self.titles.get(k))
    }
    /// `title` of the words joined with spaces, without joining them.
    pub fn title_words(&self, words: &[&str]) -> Option<&Title> {
        with_key_words(words, |k| self.titles.get(k))
    }
    pub fn is_org_head(&self, word: &str) -> bool {
        self.org_heads_sketch.may_hold(word) && self.org_heads.contains(word)
    }
    pub fn is_org_tail(&self, word: &str) -> bool {
        self.org_tails.contains(word)
    }
    pub fn is_agreement_phrase(&self, words: &str) -> bool {
        with_key(words, |k| self.agreement_phrases.contains(k))
    }
    /// `is_agreement_phrase` of the words joined with spaces, without joining them.
    pub fn is_agreement_words(&self, words: &[&str]) -> bool {
        with_key_words(words, |k| self.agreement_phrases.contains(k))
    }
    pub fn is_event_word(&self, word: &str) -> bool {
        self.event_words_sketch.may_hold(word) && with_lower(word, |w| self.event_words.contains(w))
    }
    pub fn is_particle(&self, word: &str) -> bool {
        self.particles.contains(word)
    }
    /// An abbreviation whose period does not end a sentence: listed, or a title written
    /// with a period (`Engr.`, `Prof.`).
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(word)
            || (word.ends_with('.') && with_key(word, |k| self.titles.contains_key(k)))
    }
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }
    fn word_class(&self, word: &str, class: &str) -> bool {
        self.word_classes.get(word).is_some_and(|c| c == class)
    }
    /// A capitalized function word that never starts a name (`On`, `During`).
    pub fn is_function_word(&self, word: &str) -> bool {
        self.word_class(word, "function")
    }
    /// A lower-case title word of role phrases (`minister` in `the minister said`).
    pub fn is_role_word(&self, word: &str) -> bool {
        self.word_class(word, "role")
    }
    /// The head of a programme, project or initiative (`Program`, `Initiative`).
    pub fn is_program_word(&self, word: &str) -> bool {
        self.word_class(word, "program")
    }
    /// A word that makes a capitalized phrase a place (`Province`, `Region`).
    pub fn is_place_word(&self, word: &str) -> bool {
        self.word_class(word, "place")
    }
    pub fn is_verb(&self, word: &str) -> bool {
        with_lower(word, |w| self.verbs.contains(w))
    }
    /// The indices in `relation_verbs` (in its order) of the verbs whose first word equals
    /// `word` ignoring ASCII case.
    pub fn relation_verbs_from(&self, word: &str) -> &[usize] {
        with_buf(
            |b| {
                b.push_str(word);
                b.make_ascii_lowercase();
            },
            |w| self.verbs_by_first.get(w).map_or(&[][..], |v| v.as_slice()),
        )
    }
    pub fn is_common_acronym(&self, word: &str) -> bool {
        self.acronym_stoplist.contains(word)
    }
    pub fn is_debris(&self, line: &str) -> bool {
        let l = line.to_lowercase();
        self.debris.iter().any(|d| l.contains(d.as_str()))
            || (l.contains(" > ") && !l.contains('.'))
    }
}

/// The built-in files with their number of entries (rows below the header), in
/// `BUILTIN` order.
pub fn builtin_files() -> Vec<(&'static str, usize)> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            let rows = rows_of(name, text, columns(name)).map_or(0, |r| r.len());
            (*name, rows)
        })
        .collect()
}

/// Write every built-in file into `dir` (created if missing), byte-equal to the embedded
/// one, as a starting point for `--lexicon DIR`. Refuses, before writing anything, when one
/// of the files exists, unless `force`. Each file is written to a temporary name and then
/// renamed. Returns the paths written, in `BUILTIN` order.
pub fn dump(dir: &Path, force: bool) -> Result<Vec<std::path::PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let paths: Vec<_> = BUILTIN.iter().map(|(name, _)| dir.join(name)).collect();
    if !force {
        let existing: Vec<String> = paths
            .iter()
            .filter(|p| p.symlink_metadata().is_ok())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            bail!(
                "{} already exist{}; refusing to overwrite (use --force)",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" }
            );
        }
    }
    for ((name, text), path) in BUILTIN.iter().zip(&paths) {
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(paths)
}

/// A looser key for names: lower-case, accents stripped, hyphens as spaces, apostrophes and
/// dots dropped (`León-Velarde` = `Leon Velarde`, `Achieng'` = `Achieng`).
pub fn fold(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    // Spaces are collapsed as they are pushed (no leading, no double, no trailing space),
    // which is what splitting at whitespace and joining with single spaces gives.
    let mut out = String::with_capacity(s.len());
    let push = |out: &mut String, c: char| {
        if c == '-' || c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    };
    if s.is_ascii() {
        // NFD is the identity on ASCII, and no ASCII character is a combining mark.
        for c in s.chars() {
            if !matches!(c, '\'' | '.') {
                push(&mut out, c);
            }
        }
    } else {
        for c in s.nfd() {
            if is_combining_mark(c) || matches!(c, '\'' | '.' | '\u{2019}') {
                continue;
            }
            push(&mut out, c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Insert the word prefixes of `key` but `key` itself (`a`, `a b` of `a b c`).
fn insert_prefixes(set: &mut HashSet<String>, key: &str) {
    for (i, c) in key.char_indices() {
        if c == ' ' {
            set.insert(key[..i].to_string());
        }
    }
}

fn first_word(key: &str) -> String {
    key.split(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches("'s")
        .to_string()
}

impl Lexicon {
    /// Can a country name, variant or demonym start with this word? (A quick test before
    /// `country`; possessives are allowed: `Peru's`.)
    pub fn country_may_start(&self, word: &str) -> bool {
        with_lower(word, |w| {
            self.country_first
                .contains(w.trim_end_matches("'s").trim_end_matches('\''))
        })
    }
    /// Can a title start with this word?
    pub fn title_may_start(&self, word: &str) -> bool {
        self.title_first_sketch.may_hold(word) && with_lower(word, |w| self.title_first.contains(w))
    }
    /// Can these words (as written, possessives included) grow into a title?
    pub fn title_prefix_words(&self, words: &[&str]) -> bool {
        with_key_words(words, |k| self.title_prefixes.contains(k))
    }
    /// Can these words (as written, possessives included) grow into a country form?
    pub fn country_prefix_words(&self, words: &[&str]) -> bool {
        with_key_words(words, |k| self.country_prefixes.contains(k))
    }
    /// Can these words grow into an agreement phrase?
    pub fn agreement_prefix_words(&self, words: &[&str]) -> bool {
        with_key_words(words, |k| self.agreement_prefixes.contains(k))
    }
    /// Can an agreement phrase start with this word?
    pub fn agreement_may_start(&self, word: &str) -> bool {
        with_lower(word, |w| self.agreement_first.contains(w))
    }
}

/// The lower-case, single-spaced key of a phrase.
pub fn key_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_key(&mut out, s);
    out
}

/// Append the lower-cased `w` to `out` (`str::to_lowercase`, with an ASCII fast path).
/// A sketch of a set of words for a quick "not in it": a bit per (length, first and last
/// byte, ASCII case folded) of each ASCII word. A word whose bit is clear is not in the set,
/// nor is its lower-case form; a word with its bit set, or not ASCII, may be.
#[derive(Clone, Debug)]
struct Sketch([u64; 64]);

impl Default for Sketch {
    /// Every word may be in it (a lexicon not yet sketched).
    fn default() -> Sketch {
        Sketch([u64::MAX; 64])
    }
}

impl Sketch {
    fn of<'a>(words: impl IntoIterator<Item = &'a String>) -> Sketch {
        let mut bits = [0; 64];
        for w in words {
            // A word that is not ASCII cannot equal an ASCII one, even lower-cased.
            if let Some(b) = Sketch::bit(w) {
                bits[b / 64] |= 1 << (b % 64);
            }
        }
        Sketch(bits)
    }

    fn bit(w: &str) -> Option<usize> {
        let b = w.as_bytes();
        let (first, last) = (b.first()?, b.last()?);
        if !w.is_ascii() {
            return None;
        }
        let h = (b.len() as u32)
            .wrapping_mul(0x9E37_79B1)
            .wrapping_add(u32::from(first.to_ascii_lowercase()) << 8)
            .wrapping_add(u32::from(last.to_ascii_lowercase()))
            .wrapping_mul(0x85EB_CA6B);
        Some((h >> 20) as usize % 4096)
    }

    fn may_hold(&self, w: &str) -> bool {
        match Sketch::bit(w) {
            Some(b) => self.0[b / 64] & (1 << (b % 64)) != 0,
            None => true,
        }
    }
}

fn push_lower(out: &mut String, w: &str) {
    if w.is_ascii() {
        let start = out.len();
        out.push_str(w);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&w.to_lowercase());
    }
}

/// Append the words of `s` to the key in `out`: lower-cased, single spaces between words.
fn push_key(out: &mut String, s: &str) {
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        push_lower(out, w);
    }
}

thread_local! {
    /// The buffer lookups build their keys in, so that a lookup allocates nothing.
    static KEY: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Call `f` with a key built by `fill` in the thread's buffer (a fresh string if the buffer
/// is in use, which a lookup inside `f` would cause).
fn with_buf<R>(fill: impl FnOnce(&mut String), f: impl FnOnce(&str) -> R) -> R {
    KEY.with(|buf| match buf.try_borrow_mut() {
        Ok(mut b) => {
            b.clear();
            fill(&mut b);
            f(&b)
        }
        Err(_) => {
            let mut b = String::new();
            fill(&mut b);
            f(&b)
        }
    })
}

/// `f(&key_of(s))` without allocating.
fn with_key<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    with_buf(|b| push_key(b, s), f)
}

/// `f(&key_of(&words.join(" ")))` without allocating.
fn with_key_words<R>(words: &[&str], f: impl FnOnce(&str) -> R) -> R {
    with_buf(
        |b| {
            for w in words {
                push_key(b, w);
            }
        },
        f,
    )
}

/// `f(&s.to_lowercase())` without allocating.
fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    with_buf(|b| push_lower(b, s), f)
}

fn split_list(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

fn columns(file: &str) -> usize {
    match file {
        "countries.tsv" | "titles.tsv" => 3,
        "org_words.tsv" | "relation_verbs.tsv" | "word_classes.tsv" => 2,
        _ => 1,
    }
}

/// Rows of a TSV file: `#` comments and blank lines skipped, the header (first row) skipped,
/// each row padded to `n` fields. A row with more fields than the header is an error naming
/// the file and line.
fn rows_of(path: &str, text: &str, n: usize) -> Result<Vec<(usize, Vec<String>)>> {
    let mut out = Vec::new();
    let mut header = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if header {
            header = false;
            let got = line.split('\t').count();
            if got != n {
                bail!("{path}:{}: header has {got} columns, expected {n}", i + 1);
            }
            continue;
        }
        let mut fields: Vec<String> = line.split('\t').map(|f| f.trim().to_string()).collect();
        if fields.len() > n {
            bail!(
                "{path}:{}: {} fields, expected at most {n} (tab-separated)",
                i + 1,
                fields.len()
            );
        }
        if fields[0].is_empty() {
            bail!("{path}:{}: empty first field", i + 1);
        }
        fields.resize(n, String::new());
        out.push((i + 1, fields));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sketches_never_reject_a_listed_word_in_any_case() {
        let lex = Lexicon::builtin().unwrap();
        for (set, sketch) in [
            (&lex.event_words, &lex.event_words_sketch),
            (&lex.title_first, &lex.title_first_sketch),
            (&lex.org_heads, &lex.org_heads_sketch),
        ] {
            assert!(!set.is_empty());
            for w in set {
                let cap: String = w
                    .chars()
                    .take(1)
                    .flat_map(char::to_uppercase)
                    .chain(w.chars().skip(1))
                    .collect();
                for form in [w.clone(), w.to_uppercase(), w.to_lowercase(), cap] {
                    assert!(sketch.may_hold(&form), "{form}");
                }
            }
        }
        assert!(
            lex.is_event_word("FORUM")
                && lex.is_org_head("Ministry")
                && lex.title_may_start("Vice")
        );
        // Most other words are turned away without a look-up.
        let others = [
            "Wang",
            "Beijing",
            "met",
            "the",
            "delegation",
            "Nicole",
            "July",
            "2018",
        ];
        assert!(
            others
                .iter()
                .filter(|w| lex.event_words_sketch.may_hold(w))
                .count()
                < others.len()
        );
    }

    use super::*;

    #[test]
    fn builtin_loads_and_is_sorted() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.countries.len() > 150);
        assert_eq!(
            lex.country("Panamanian").map(|c| lex.country_name(c.0)),
            Some("Panama")
        );
        assert_eq!(
            lex.country("people's republic of china")
                .map(|c| lex.country_name(c.0)),
            Some("China")
        );
        assert!(lex.title("deputy director general").is_some());
        for (name, text) in BUILTIN {
            let rows = rows_of(name, text, columns(name)).unwrap();
            let keys: Vec<&String> = rows.iter().map(|r| &r.1[0]).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(keys, sorted, "{name} must be sorted and unique");
        }
    }

    #[test]
    fn override_rows_replace_add_and_remove() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("titles.tsv"),
            "# mine\ntitle\texpansion\tkind\nDDG\tDeputy Director-General\tposition\nChief Scientist\t\tposition\n-Dr.\n",
        )
        .unwrap();
        let lex = Lexicon::load(Some(dir.path())).unwrap();
        assert_eq!(
            lex.title("DDG").unwrap().expansion,
            "Deputy Director-General"
        );
        assert!(lex.title("chief scientist").is_some());
        assert!(lex.title("Dr.").is_none());
        assert!(lex.title("Vice Minister").is_some());
    }

    #[test]
    fn a_removal_that_removes_nothing_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("event_words.tsv");
        std::fs::write(&path, "word\n\n-Fiesta\n").unwrap();
        let err = format!("{:#}", Lexicon::load(Some(dir.path())).unwrap_err());
        assert_eq!(
            err,
            format!(
                "{}:3: `-Fiesta` removes nothing: event_words.tsv has no entry `Fiesta`",
                path.display()
            )
        );
    }

    #[test]
    fn dumped_files_equal_the_builtin_ones_and_are_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("lex");
        let written = dump(&out, false).unwrap();
        assert_eq!(written.len(), BUILTIN.len());
        for (name, text) in BUILTIN {
            assert_eq!(std::fs::read_to_string(out.join(name)).unwrap(), text);
        }
        std::fs::write(out.join("titles.tsv"), "changed").unwrap();
        let err = dump(&out, false).unwrap_err().to_string();
        assert!(err.contains("refusing to overwrite"), "{err}");
        assert_eq!(
            std::fs::read_to_string(out.join("titles.tsv")).unwrap(),
            "changed"
        );
        dump(&out, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("titles.tsv")).unwrap(),
            BUILTIN.iter().find(|f| f.0 == "titles.tsv").unwrap().1
        );
        let counts = builtin_files();
        assert!(counts.iter().all(|(_, n)| *n > 0), "{counts:?}");
    }

    #[test]
    fn malformed_row_names_file_and_line() {
        let err = rows_of("x.tsv", "a\tb\n1\t2\t3\n", 2)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "x.tsv:2: 3 fields, expected at most 2 (tab-separated)");
    }
}
