//! Mentions: phrase runs of a sentence → organization, event, agreement, country and person
//! mentions, with the dictionary look-ups they need (titles, countries, agreement words).

use super::*;

impl Doc<'_> {
    /// The local entity of this label and name, created if new.
    pub(super) fn entity(&mut self, label: Label, name: &str) -> usize {
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

    pub(super) fn add_alias(&mut self, e: usize, alias: &str) {
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

    pub(super) fn country_entity(&mut self, idx: usize) -> usize {
        let name = self.lex.country_name(idx).to_string();
        self.entity(Label::Country, &name)
    }

    /// The country written as `surface`: named as written when that is only another spelling
    /// of the common name (`Viet Nam`), else by the common name.
    pub(super) fn country_entity_as(&mut self, idx: usize, surface: &str) -> usize {
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
    pub(super) fn country_at(&self, toks: &[Token], i: usize) -> Option<(usize, usize, bool)> {
        if i >= toks.len() {
            return None;
        }
        let max = self.lex.country_max_words.min(toks.len() - i);
        if max > MAX_SPAN {
            return self.country_at_slow(toks, i);
        }
        let n = longest(toks[i].countries, max)?;
        let mut words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
        let (last, poss) = strip_possessive(words[n - 1]);
        words[n - 1] = last;
        let (idx, _) = self.lex.country_words(&words)?;
        Some((n, idx, poss))
    }

    /// `country_at` by looking every phrase up (for dictionaries with phrases longer than
    /// the token masks hold).
    fn country_at_slow(&self, toks: &[Token], i: usize) -> Option<(usize, usize, bool)> {
        if !toks[i].is_cap() || !self.lex.country_may_start(toks[i].text) {
            return None;
        }
        let max = self.lex.country_max_words.min(toks.len() - i);
        for n in (1..=max).rev() {
            let mut words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
            let (last, poss) = strip_possessive(words[n - 1]);
            words[n - 1] = last;
            if let Some((idx, _)) = self.lex.country_words(&words) {
                return Some((n, idx, poss));
            }
        }
        None
    }

    /// Longest title starting at token `i` (any case), in tokens.
    pub(super) fn title_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        if i >= toks.len() {
            return None;
        }
        let max = self.lex.title_max_words.min(toks.len() - i);
        if max <= MAX_SPAN {
            return longest(toks[i].titles, max);
        }
        if !self.lex.title_may_start(toks[i].text) {
            return None;
        }
        (1..=max).rev().find(|&n| {
            let words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
            self.lex.title_words(&words).is_some()
        })
    }

    pub(super) fn agreement_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        let max = self.lex.agreement_max_words.min(toks.len() - i);
        if max <= MAX_SPAN {
            return longest(toks[i].agreements, max);
        }
        if !toks[i].is_cap() || !self.lex.agreement_may_start(toks[i].text) {
            return None;
        }
        (1..=max).rev().find(|&n| {
            let words: Vec<&str> = toks[i..i + n].iter().map(|t| t.text).collect();
            self.lex.is_agreement_words(&words)
        })
    }

    /// A defined acronym of this document at token `i`: (tokens, entity).
    pub(super) fn known_acronym_at(
        &self,
        s: &str,
        toks: &[Token],
        i: usize,
    ) -> Option<(usize, usize)> {
        if !toks[i].is_cap() || self.acronyms.is_empty() {
            return None;
        }
        (1..=4.min(toks.len() - i)).rev().find_map(|n| {
            let text = &s[toks[i].start..toks[i + n - 1].end];
            self.acronyms.get(text).map(|&e| (n, e))
        })
    }

    /// A word that heads a name (organization, event, agreement or program).
    pub(super) fn is_head(&self, w: &str) -> bool {
        self.lex.is_org_head(w)
            || self.lex.is_event_word(w)
            || self.lex.is_agreement_phrase(w)
            || self.lex.is_program_word(w)
    }

    pub(super) fn is_acronym_org(&self, t: &Token) -> bool {
        t.is_acronym()
            && !self.lex.is_common_acronym(t.text)
            && self.lex.country(t.text).is_none()
            && self.lex.title(t.text).is_none()
            && !self.lex.is_agreement_phrase(t.text)
            && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 3
    }

    /// The organization an acronym in brackets after `m` names: `m` itself, but for
    /// `the National Observatories of CAS (NAOC)` and `the Institute of Geology, CAS
    /// (IGGCAS)` the organization the parent's acronym qualifies (an acronym is not spelled
    /// out by another acronym).
    fn acronym_owner<'m>(
        &self,
        toks: &[Token],
        out: &'m [Mention],
        m: &'m Mention,
        acr: usize,
    ) -> &'m Mention {
        let bare = m.end == m.start + 1 && toks[m.start].is_acronym() && toks[acr].is_acronym();
        if !bare || m.start < 2 || !matches!(toks[m.start - 1].text, "of" | ",") {
            return m;
        }
        let first = |t: &Token| t.text.chars().next().map(|c| c.to_ascii_uppercase());
        out.iter()
            .find(|o| {
                o.end + 1 == m.start
                    && o.label == Label::Organization
                    && o.end > o.start + 1
                    && first(&toks[o.start]) == first(&toks[acr])
                    && toks[acr].text != toks[m.start].text
            })
            .unwrap_or(m)
    }

    /// `MINISTRY`, `PRESS`, `PHOTO:`, `Editor: SUN Ying`: an all-capitals word that is no
    /// organization's acronym — in a line written all in capitals (letterhead, headline,
    /// signature block) or a caption label (`PHOTO:`), when the document never writes it in a
    /// line of mixed case, or a family name in capitals before a given name.
    pub(super) fn capitals_no_acronym(&self, s: &str, toks: &[Token], x: usize) -> bool {
        let w = toks[x].text;
        let given_name = toks.get(x + 1).is_some_and(|n| {
            n.is_cap()
                && !n.is_acronym()
                && self.name_token(n)
                && self.title_at(toks, x + 1).is_none()
                && !is_month(n.text)
        }) && !toks.get(x + 2).is_some_and(|n| n.is_cap())
            && (x == 0 || !toks[x - 1].is_cap() || toks[x - 1].text == "By");
        if given_name {
            return true;
        }
        // (A lower-case neighbour: a sentence of mixed case, no need to count.)
        let lower_next = |y: usize| toks.get(y).is_some_and(|t| t.is_lower());
        let capitals_line =
            !(lower_next(x + 1) || (x > 0 && lower_next(x - 1))) && capitals_text(s);
        let label = x == 0 && toks.get(1).is_some_and(|t| t.text == ":");
        if !capitals_line && !label {
            return false;
        }
        let bytes = self.norm.as_bytes();
        let boundary = |i: usize| {
            bytes
                .get(i)
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b >= 0x80))
        };
        self.norm.match_indices(w).all(|(at, _)| {
            let end = at + w.len();
            if !(at == 0 || boundary(at - 1)) || !boundary(end) {
                return true;
            }
            // The line or sentence of this occurrence (`ASTANA. KAZINFORM – ...`).
            let from = self.norm[..at].rfind(['\n', '.']).map_or(0, |i| i + 1);
            let to = self.norm[end..]
                .find(['\n', '.'])
                .map_or(self.norm.len(), |i| end + i);
            capitals_text(&self.norm[from..to])
                || (label
                    && self.norm[from..at].trim().is_empty()
                    && self.norm[end..].starts_with(':'))
        })
    }

    /// Organizations, events, agreements and countries of one sentence.
    pub(super) fn phrase_mentions(
        &mut self,
        s: &str,
        toks: &[Token],
        heading: bool,
    ) -> Vec<Mention> {
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
                // `... for the years 2024-2026` after an agreement.
                if w == "for"
                    && has_agreement
                    && toks.get(j + 1).is_some_and(|t| t.text == "the")
                    && toks.get(j + 2).is_some_and(|t| t.text == "years")
                    && toks
                        .get(j + 3)
                        .is_some_and(|t| t.text.starts_with(|c: char| c.is_ascii_digit()))
                {
                    j += 3;
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
                        && !(w == "on" && next.text.ends_with("ing") && next.text.len() > 5)
                        // `... University on 30 May`: a date, not a name's words.
                        && !(w == "on" && next.text.starts_with(|c: char| c.is_ascii_digit()));
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
                        // `Agreement ... between the A and the B`: the second party.
                        "and"
                            if has_agreement
                                && next.text == "the"
                                && (i..j).any(|x| toks[x].text == "between")
                                && toks.get(j + 2).is_some_and(|t| t.is_cap()) =>
                        {
                            true
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
                                        && self.country_at(toks, j + 1).is_none_or(
                                            |(n, _, _)| {
                                                // `... and Japan Society for ...`: a name that
                                                // starts with a country.
                                                toks.get(j + 1 + n)
                                                    .is_some_and(|t| self.lex.is_org_head(t.text))
                                            },
                                        )
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
                                && ((!self.lex.is_org_head(toks[j - 1].text)
                                    && !self.lex.is_event_word(toks[j - 1].text))
                                    // `Agreement ... between A University and B University`.
                                    || (has_agreement
                                        && (i..j).any(|x| toks[x].text == "between")))
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
                        // `Agreement ... between the Polish Academy and the ...`.
                        "between" => {
                            has_agreement
                                && (next_ok
                                    || (next.text == "the"
                                        && toks.get(j + 2).is_some_and(|t| t.is_cap())))
                        }
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
            if toks[k].text != "(" {
                k += 1;
                continue;
            }
            let close = (k + 2..toks.len().min(k + 10)).find(|&x| toks[x].text == ")");
            // `Full Name (Native Name, ACR)`: the acronym after the comma.
            if let Some(c) = close.filter(|&c| {
                c >= k + 4 && toks[c - 2].text == "," && self.is_acronym_org(&toks[c - 1])
            }) {
                if let Some(m) = out
                    .iter()
                    .find(|m| m.end == k && m.label == Label::Organization)
                    .cloned()
                {
                    let acr = toks[c - 1].text.to_string();
                    if !self.acronyms.contains_key(&acr) {
                        self.entities[m.entity].acronyms.insert(acr.clone());
                        self.acronyms.insert(acr, m.entity);
                    }
                    out.retain(|x| !(x.start > k && x.end <= c));
                }
            }
            // `KISTEP (Korea Institute of S&T Evaluation and Planning)`: the acronym first (not
            // `CAS (IGGCAS)`: an acronym does not spell out another).
            if let Some(c) = close.filter(|&c| {
                toks[k].text == "("
                    && k > 0
                    && self.is_acronym_org(&toks[k - 1])
                    && !(c == k + 2 && toks[k + 1].is_acronym())
            }) {
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
            // `Full Name (ACR, President Name)`: the acronym before the comma.
            let close = if toks[k + 2].text == "," && self.is_acronym_org(&toks[k + 1]) {
                Some(k + 2)
            } else {
                close
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
                    .map(|m| self.acronym_owner(toks, &out, m, k + 1))
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
    pub(super) fn trailing_name(&self, toks: &[Token], i: usize, j: usize) -> Option<usize> {
        let mut t = i;
        while t > 0 && matches!(toks[t - 1].text, "the" | "of") {
            t -= 1;
        }
        if t == i || toks[t..i].iter().all(|x| x.text != "of") {
            return None;
        }
        self.title_before(toks, t)?;
        // After the run's last `of` and a word (`... of the Academy of Sciences Ana Ruiz`), or
        // after a bare head word (`Secretary General of the Ministry Ana Ruiz`; not
        // `Rector of Universitas Gadjah Mada`).
        let (from, to) = match (i..j).rfind(|&x| toks[x].text == "of") {
            Some(of) => (of + 2, j.saturating_sub(1)),
            None if toks[i - 1].text == "the" && self.lex.is_org_head(toks[i].text) => {
                (i + 1, i + 2)
            }
            None => return None,
        };
        (from..to).find(|&q| {
            (2..=4).contains(&(j - q))
                && !(q..j).any(|x| self.country_at(toks, x).is_some())
                && toks[q..j]
                    .iter()
                    .all(|x| self.name_token(x) && !self.lex.is_org_head(x.text) && !x.is_acronym())
        })
    }

    /// Turn a run of capitalized words into mentions.
    pub(super) fn classify_run(
        &mut self,
        s: &str,
        toks: &[Token],
        i: usize,
        j: usize,
        out: &mut Vec<Mention>,
    ) {
        // `Agreement on X between the A and the B [for 2024-2027]`: one instrument, and its
        // parties are mentions inside it.
        if let Some(bt) = (i + 1..j)
            .find(|&x| toks[x].text == "between")
            .filter(|&bt| {
                (i..bt).any(|x| self.agreement_at(toks, x).is_some())
                    && toks
                        .get(bt + 1)
                        .is_some_and(|t| t.text == "the" || t.is_cap())
            })
        {
            // `between the A and the B`, `between A and B`: each party may drop its article.
            let the = |x: usize| usize::from(toks.get(x).is_some_and(|t| t.text == "the"));
            let first = bt + 1 + the(bt + 1);
            // The `and` before `the` (`between the A and the B`), else one after a head word
            // (`between A University and B Institute`), not one inside a name.
            let and = (first + 1..j)
                .find(|&x| {
                    toks[x].text == "and" && toks.get(x + 1).is_some_and(|t| t.text == "the")
                })
                .or_else(|| {
                    (first + 1..j).find(|&x| {
                        toks[x].text == "and"
                            && toks.get(x + 1).is_some_and(|t| t.is_cap())
                            && (self.lex.is_org_head(toks[x - 1].text) || toks[x - 1].is_acronym())
                    })
                });
            if and.is_none() && first == bt + 1 {
                // `between A and B` not understood: the run is classified as usual.
            } else if let Some(and) = and {
                let second = and + 1 + the(and + 1);
                self.classify_piece(s, toks, i, j, out);
                // A trailing period (`for 2024-2027`, `for the years ...`) is no party's (but
                // `the Society for the Promotion of Science` is one).
                let end = (second..j)
                    .find(|&x| {
                        toks[x].text == "for"
                            && toks.get(x + 1).is_some_and(|t| {
                                t.text.starts_with(|c: char| c.is_ascii_digit())
                                    || (t.text == "the"
                                        && toks.get(x + 2).is_none_or(|t| !t.is_cap()))
                            })
                    })
                    .unwrap_or(j);
                // `between A and B on Cooperation in X`: the topic after the parties.
                let end = if first == bt + 1 {
                    (second + 1..end)
                        .find(|&x| toks[x].text == "on")
                        .unwrap_or(end)
                } else {
                    end
                };
                let mut parties = Vec::new();
                self.classify_run(s, toks, first, and, &mut parties);
                self.classify_run(s, toks, second, end.max(second), &mut parties);
                for m in parties {
                    if !out
                        .iter()
                        .any(|o| o.start == m.start && o.end == m.end && o.entity == m.entity)
                    {
                        out.push(m);
                    }
                }
                return;
            } else {
                // One party only: the name ends before `between`, as the parties' names do.
                self.classify_run(s, toks, i, bt, out);
                self.classify_run(s, toks, first, j, out);
                return;
            }
        }
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
                // `Memorandum of Understanding on the Establishment of the X Joint
                // Laboratory`: the organization is the instrument's topic.
                let left_agreement = (from..k).any(|x| self.agreement_at(toks, x).is_some());
                // (`17th General Meeting of TWAS`: an event of the body is one name.)
                if (right_org && !left_is_event && !left_agreement)
                    || (right_acr && left_has_head && !left_is_event)
                {
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
            // `El-Ghamrawy on the China-Arab States Technology Transfer Center`: a name, then
            // the topic; no head word before the `on`.
            if w == "on"
                && k > from
                && k - from <= 4
                && !left_head
                && right_head
                && k + 2 < j
                && !(from..k).any(|x| self.agreement_at(toks, x).is_some())
            {
                pieces.push((from, k));
                from = k + 1 + usize::from(toks[k + 1].text == "the");
                k = from;
                continue;
            }
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

    pub(super) fn classify_piece(
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
        // `Opening of the 2024 Science Week`, `Closing Ceremony of the X Forum`: the event is
        // the one named after `of`.
        if matches!(toks[a].text, "Opening" | "Closing") {
            let mut x = a + 1;
            if x < b && toks[x].text == "Ceremony" {
                x += 1;
            }
            if x + 1 < b
                && toks[x].text == "of"
                && (x + 1..b).any(|y| self.lex.is_event_word(toks[y].text) && toks[y].is_cap())
            {
                a = x + 1;
                while a < b && toks[a].text == "the" {
                    a += 1;
                }
            }
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
        // `World Science Day`, `International Day of ...`: a day the world marks, not a
        // gathering (the ceremony that marks it is the article's event).
        if agreement.is_none()
            && event.is_some_and(|x| toks[x].text == "Day")
            && (b - a == 1 || matches!(toks[a].text, "World" | "International" | "National"))
        {
            return;
        }
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
            && !toks[a..b]
                .iter()
                .all(|t| t.text.bytes().all(|c| c.is_ascii_digit()))
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
                if self.is_acronym_org(&toks[x])
                    && acr.is_none()
                    && !self.capitals_no_acronym(s, toks, x)
                {
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
    pub(super) fn name_token(&self, t: &Token) -> bool {
        let w = strip_possessive(t.text).0;
        if !t.is_cap() || w.is_empty() {
            return false;
        }
        if t.is_acronym()
            && w.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !w.contains('.')
            && w.chars().count() < 4
        {
            // Not an acronym but a family name in capitals the document gave before
            // (`HE Xiaoping` ... `HE met with`).
            return self.entities.iter().any(|e| {
                e.label == Label::Person
                    && e.name
                        .strip_prefix(w)
                        .is_some_and(|rest| rest.starts_with(' '))
            });
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
    pub(super) fn name_spans(&self, toks: &[Token], mentions: &[Mention]) -> Vec<(usize, usize)> {
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
            // `Prof. GAO Minghui`: a family name in capitals after a title.
            let caps_family = |k: usize| {
                k > 0
                    && toks[k].is_cap()
                    && self.lex.title(toks[k - 1].text).is_some()
                    && toks[k].is_acronym()
                    && toks
                        .get(k + 1)
                        .is_some_and(|n| !n.is_acronym() && self.name_token(n))
            };
            if covered[k] || !(self.name_token(&toks[k]) || caps_family(k)) {
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
    pub(super) fn title_before(&self, toks: &[Token], k: usize) -> Option<usize> {
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
    pub(super) fn strong_persons(
        &self,
        toks: &[Token],
        mentions: &[Mention],
        heading: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        // The end of the last name taken as the object of a meeting verb (for `and Y`).
        let mut met_end = None;
        for (a, b) in self.name_spans(toks, mentions) {
            let n = b - a;
            let name = person_name(toks, a, b);
            if heading || n < 2 {
                continue;
            }
            // `met Wang Li`, `was received by Ahmed Karimov`, `held talks with X and Y`: two
            // to four name words (no head word, country or title: `name_spans`) as the object
            // of a meeting verb.
            let met_object = n <= 4
                && (self.meeting_verb_ends_at(toks, a)
                    || (a >= 1
                        && met_end == Some(a - 1)
                        && matches!(toks[a - 1].text, "and" | ",")));
            if met_object {
                met_end = Some(b);
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
            // `In Buenos Aires, Vice Minister X met ...`: a place, not a person.
            let place = a >= 1 && toks[a - 1].text.eq_ignore_ascii_case("in") && !titled && !chain;
            if (titled || chain || appos || led_by || verb_after || met_object) && !place {
                out.push(name);
            }
        }
        out
    }

    /// Does a MET_WITH verb phrase end right before token `a` (`met`, `held talks with`,
    /// `paid a courtesy call on`), or `received by` / `welcomed by` / `hosted by`?
    pub(super) fn meeting_verb_ends_at(&self, toks: &[Token], a: usize) -> bool {
        let mut e = a;
        if e >= 2
            && toks[e - 1].text == "by"
            && matches!(
                &*lower(toks[e - 2].text),
                "received" | "welcomed" | "hosted" | "greeted"
            )
        {
            e -= 1;
        }
        (e.saturating_sub(6)..e).any(|x| {
            self.verb_at(toks, x)
                .is_some_and(|(n, rel)| rel == RelType::MetWith && x + n == e)
        })
    }

    /// Walk back from a name over organizations, countries, brackets, capitalized words and
    /// the words `of`, `the`, `to`, `for`, `and`, `,`: does a title start the chain?
    /// (`The Minister of Science, Technology and Innovation of Colombia, Name`,
    /// `Ambassador to Kenya Name`, `First Deputy Chairman of the Presidium Name`.)
    pub(super) fn title_chain_before(
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
    pub(super) fn verb_at(&self, toks: &[Token], k: usize) -> Option<(usize, RelType)> {
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
        let w = lower(toks[k].text);
        if matches!(
            &*w,
            "held" | "hold" | "holds" | "had" | "have" | "has" | "holding"
        ) {
            for n in 1..=4 {
                let Some(t) = toks.get(k + n) else { break };
                let tw = lower(t.text);
                let with = toks
                    .get(k + n + 1)
                    .is_some_and(|x| x.text.eq_ignore_ascii_case("with"));
                // `had a working session with X`.
                if matches!(
                    &*tw,
                    "talks" | "meeting" | "consultations" | "discussions" | "dialogue" | "meetings"
                ) || (with && &*tw == "session")
                {
                    return Some((n + 1 + usize::from(with), RelType::MetWith));
                }
                if !(t.is_lower() || t.text == "-") || matches!(&*tw, "and" | "with" | "the") {
                    break;
                }
            }
        }
        None
    }

    /// Person mentions: full names known in the document and their short forms.
    pub(super) fn person_mentions(&mut self, toks: &[Token], mentions: &[Mention]) -> Vec<Mention> {
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
                            (k.len() < words.len()
                                && k.iter().all(|w| words.iter().any(|x| x == w))
                                && (k.len() > 1 || !self.lex.is_particle(k[0])))
                                // `B. Yuldashev`, `M. E. Karagöz`: initials and family name.
                                || initials_of(&k, &words)
                                // `Min-soo Kang` for `Kang Min-soo`.
                                || reversed_pair(&k, &words)
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
}

/// A line written in capitals: no lower-case letter, or at least two words in capitals and
/// at most half as many of another case (`DR. JANE DOE, PhD`).
fn capitals_text(t: &str) -> bool {
    let (mut caps, mut other) = (0, 0);
    for w in t.split_whitespace() {
        let mut letters = w.chars().filter(|c| c.is_alphabetic()).peekable();
        if letters.peek().is_none() {
            continue;
        }
        if letters.all(|c| c.is_uppercase()) {
            caps += 1;
        } else {
            other += 1;
        }
    }
    (caps >= 1 && other == 0) || (caps >= 2 && 2 * other <= caps)
}
