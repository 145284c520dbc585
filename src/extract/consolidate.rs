//! Per document, after every sentence: talks events named after their parties, short forms
//! and acronyms joined to full names, relations deduplicated.

use super::*;

impl Doc<'_> {
    /// Name each talks event after its first two parties, people first.
    pub(super) fn finish_talks(&mut self) {
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

    /// `GAO` alone after `Prof. GAO Minghui`: the person's family name in capitals, not an
    /// organization's acronym (unless the document defines it as one).
    pub(super) fn caps_family_names(&mut self, mentions: &mut [Mention]) {
        for m in mentions.iter_mut() {
            if m.label != Label::Organization || m.end != m.start + 1 {
                continue;
            }
            let name = &self.entities[m.entity].name;
            if self.entities[m.entity].acronyms.iter().any(|x| x != name)
                || self.acronyms.get(name).is_some_and(|&o| o != m.entity)
                || name.chars().count() < 2
                || !name.chars().all(|c| c.is_uppercase())
            {
                continue;
            }
            let person = self.entities.iter().position(|e| {
                e.label == Label::Person && e.name.split(' ').any(|w| w == name.as_str())
            });
            if let Some(p) = person {
                m.label = Label::Person;
                m.entity = p;
            }
        }
    }

    /// Join entities of this document that are one: an organization's short form
    /// (`Panamanian Foreign Ministry` → `Ministry of Foreign Affairs of Panama`), a described
    /// agreement (`the MOU`) and a headline's form of an agreement named in the text.
    #[allow(clippy::needless_range_loop)] // indices into two parallel vectors
    pub(super) fn consolidate(&mut self) {
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
        // Organizations that are a person's family name in capitals (`GAO`).
        for a in 0..n {
            let e = &self.entities[a];
            if e.label == Label::Organization
                && e.acronyms.iter().all(|x| *x == e.name)
                && e.name.chars().count() >= 2
                && e.name.chars().all(|c| c.is_uppercase())
                && self.acronyms.get(&e.name).is_none_or(|&o| o == a)
            {
                if let Some(p) = self.entities.iter().position(|x| {
                    x.label == Label::Person && x.name.split(' ').any(|w| w == e.name)
                }) {
                    target[a] = p;
                }
            }
        }
        // Agreements: bare descriptions and headline forms join the fullest named one.
        let agreements: Vec<usize> = (0..n)
            .filter(|&i| self.entities[i].label == Label::Agreement)
            .collect();
        // A headline's described instrument (`sign protocol on joint research`) is the one
        // instrument of the article with its head word (`a cooperation protocol`).
        let head_word = |name: &str| -> Option<&'static str> {
            name.split_whitespace().find_map(|w| match &*lower(w) {
                "memorandum" | "mou" | "memoranda" => Some("memorandum"),
                "protocol" => Some("protocol"),
                "agreement" => Some("agreement"),
                "declaration" => Some("declaration"),
                "statement" => Some("statement"),
                "plan" => Some("plan"),
                "programme" | "program" => Some("programme"),
                "arrangement" => Some("arrangement"),
                "letter" => Some("letter"),
                "treaty" => Some("treaty"),
                _ => None,
            })
        };
        for &a in &agreements {
            let name = &self.entities[a].name;
            if !self.heading_agreements.contains(&a) || !name.starts_with(char::is_lowercase) {
                continue;
            }
            let Some(h) = head_word(name) else { continue };
            let same: Vec<usize> = agreements
                .iter()
                .copied()
                .filter(|&b| {
                    !self.heading_agreements.contains(&b)
                        && head_word(&self.entities[b].name) == Some(h)
                })
                .collect();
            if let [b] = same[..] {
                target[a] = b;
            }
        }
        if let Some(&full) = agreements
            .iter()
            .filter(|&&i| target[i] == i)
            .max_by_key(|&&i| (self.entities[i].name.len(), std::cmp::Reverse(i)))
        {
            let parties = |e: &LocalEntity| {
                e.name
                    .split_once(" between ")
                    .map(|(_, p)| key_of(p.split(" on ").next().unwrap_or(p)))
            };
            for &a in &agreements {
                if a == full || target[a] != a {
                    continue;
                }
                // (A memorandum is not the article's programme or plan: another instrument.)
                let other_kind = head_word(&self.entities[a].name) == Some("memorandum")
                    && head_word(&self.entities[full].name)
                        .is_some_and(|h| matches!(h, "programme" | "plan"));
                let bare = (self.lex.is_agreement_phrase(&self.entities[a].name)
                    || (self.heading_agreements.contains(&a)
                        && self.entities[full].name.starts_with(char::is_uppercase)))
                    && !other_kind;
                let same_parties = parties(&self.entities[a]).is_some()
                    && parties(&self.entities[a]) == parties(&self.entities[full]);
                if bare || same_parties {
                    // `Letter of Intent` → the `Letter of Intent on ...` if there is one.
                    let lead = self.entities[a].name.to_lowercase();
                    let starts = agreements
                        .iter()
                        .copied()
                        .filter(|&b| {
                            b != a
                                && self.entities[b].name.len() > lead.len()
                                && self.entities[b].name.to_lowercase().starts_with(&lead)
                        })
                        .max_by_key(|&b| (self.entities[b].name.len(), std::cmp::Reverse(b)));
                    target[a] = starts.unwrap_or(full);
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
        self.ceremony = self.ceremony.map(|t| new_index[target[t]]);
        for (a, e, _) in self.signed_at.iter_mut().chain(&mut self.heading_signings) {
            *a = new_index[target[*a]];
            *e = new_index[target[*e]];
        }
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

    /// `Kenya and Morocco sign MoU` (a headline): the countries signed when the instrument is
    /// one between them (`... between the Government of the Republic of Kenya and the
    /// Government of the Kingdom of Morocco`) or one of their ministries, not one between two
    /// of their other institutions.
    pub(super) fn heading_country_signings(&mut self) {
        for (c, a, ev) in std::mem::take(&mut self.heading_signings) {
            let Some((_, parties)) = self.entities[a].name.split_once(" between ") else {
                continue;
            };
            let parties = parties.split(" for ").next().unwrap_or(parties);
            let parties = parties.split(" on ").next().unwrap_or(parties);
            // A side is the state itself, its government or one of its ministries
            // (`the Federal Ministry of ... of the Federal Republic of Germany`).
            let country_of = |p: &str| {
                let mut p = p.trim();
                for lead in ["the ", "Government of ", "the "] {
                    p = p.strip_prefix(lead).unwrap_or(p);
                }
                self.lex.country(p).map(|c| c.0).or_else(|| {
                    let ministry = p.starts_with("Ministry ")
                        || p.starts_with("Federal Ministry ")
                        || p.starts_with("Government ");
                    let (_, state) = p.rsplit_once(" of ")?;
                    let state = state.strip_prefix("the ").unwrap_or(state);
                    ministry
                        .then(|| self.lex.country(state).map(|c| c.0))
                        .flatten()
                })
            };
            let Some((left, right)) = parties
                .split_once(" and the ")
                .or_else(|| parties.split_once(" and "))
            else {
                continue;
            };
            let this = self.lex.country(&self.entities[c].name).map(|c| c.0);
            match (country_of(left), country_of(right)) {
                (Some(x), Some(y)) if this == Some(x) || this == Some(y) => {
                    self.relate(RelType::Signed, c, a, None, None, &ev);
                }
                (Some(_), Some(_)) => {}
                // `Polish and Mongolian academies renew ...`: the side that is this
                // country's institution signed (`between the Polish Academy of Sciences and
                // the Mongolian Academy of Sciences`).
                _ if ev
                    .sentence
                    .split_whitespace()
                    .any(|w| is_institutions(&w.to_lowercase())) =>
                {
                    let signers: Vec<usize> = [left, right]
                        .into_iter()
                        .filter_map(|side| {
                            let side = side.trim();
                            let side = side.strip_prefix("the ").unwrap_or(side);
                            let of_this = this.is_some()
                                && (side.split_whitespace())
                                    .any(|w| self.lex.country(w).map(|c| c.0) == this);
                            let org = self
                                .entities
                                .iter()
                                .position(|e| e.label == Label::Organization && e.name == side);
                            org.filter(|_| of_this)
                        })
                        .collect();
                    for o in signers {
                        self.relate(RelType::Signed, o, a, None, None, &ev);
                    }
                }
                _ => {}
            }
        }
    }

    /// People who signed an agreement attended the event it was signed at.
    pub(super) fn attend_signing_venues(&mut self) {
        for (agreement, event, ev) in std::mem::take(&mut self.signed_at) {
            let signers: Vec<usize> = self
                .relations
                .iter()
                .filter(|r| {
                    r.rel_type == RelType::Signed
                        && r.target == agreement
                        && self.entities[r.source].label == Label::Person
                })
                .map(|r| r.source)
                .collect();
            for p in signers {
                self.relate(RelType::Attended, p, event, None, None, &ev);
            }
        }
    }

    pub(super) fn relate(
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

    pub(super) fn dedup_relations(&mut self) {
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
