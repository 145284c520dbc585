//! Relations: the verb patterns of one sentence (met, signed, attended, presence lists,
//! talks named by a noun) → local relations, and the references they resolve
//! (`the meeting`, `the MOU`, `the two co-chairs`).

use super::*;

impl Doc<'_> {
    /// Relations expressed in one sentence.
    pub(super) fn relations_of(
        &mut self,
        s: &str,
        toks: &[Token],
        mentions: &[Mention],
        refs: &[Reference],
        ev: &Evidence,
    ) {
        let lower: Vec<String> = toks.iter().map(|t| t.text.to_lowercase()).collect();
        let first_relation = self.relations.len();
        self.talks_here.clear();
        // `Earlier in the day, ...`, `In the afternoon, ...`, `On the following day, ...`: another
        // gathering than the talks reported so far.
        let opening = &lower[..lower.len().min(6)];
        self.shifted = opening.iter().any(|w| {
            matches!(
                w.as_str(),
                "earlier" | "later" | "afternoon" | "evening" | "morning"
            )
        }) || opening
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "following" | "same" | "next") && w[1] == "day");
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
                // `Ambassador of X to Y, H.E. Mr. Name`: the title before the honorifics.
                if ts > 1 && toks[ts - 1].text == "," {
                    if let Some((ts2, te2)) = self.title_chain_before(toks, mentions, ts - 1) {
                        self.roles.push((p.entity, lower[ts2..te2].join(" ")));
                    }
                }
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
                // `a delegation from the X Department of Y Province led by Z`.
                let from_by = (k + 2..toks.len().min(k + 16))
                    .take_while(|&x| {
                        matches!(lower[k + 1].as_str(), "from" | "of")
                            && !matches!(lower[x].as_str(), "," | ";" | "." | "which" | "who")
                    })
                    .find(|&x| {
                        matches!(lower[x].as_str(), "headed" | "led")
                            && lower.get(x + 1).is_some_and(|w| w == "by")
                    });
                if let Some(x) = from_by {
                    if let Some(p) = mentions
                        .iter()
                        .find(|m| m.label == Label::Person && m.start >= x + 2 && m.start <= x + 8)
                    {
                        heads.push(p.entity);
                    }
                }
                // `delegation [from ORG, its description,] headed/led by X`.
                let stop = self.clause_end(toks, k).min(k + 18);
                let by = (k + 1..stop.saturating_sub(2)).find(|&x| {
                    matches!(lower[x].as_str(), "headed" | "led") && lower[x + 1] == "by"
                });
                if let Some(x) =
                    by.filter(|&x| !lower[k + 1..x].iter().any(|w| self.lex.is_verb(w)))
                {
                    if let Some(p) = mentions
                        .iter()
                        .find(|m| m.label == Label::Person && m.start >= x + 2 && m.start <= x + 8)
                    {
                        heads.push(p.entity);
                    }
                }
                // `X led a delegation`, `X, who led a seven-member delegation`,
                // `led a Mozambican delegation`, `led a high-level delegation`.
                let led = (k.saturating_sub(4)..k).find(|&x| {
                    matches!(
                        lower[x].as_str(),
                        "led" | "leads" | "leading" | "headed" | "heading" | "lead"
                    ) && toks[x + 1..k].iter().all(|t| {
                        t.is_lower() || t.text == "-" || self.lex.country(t.text).is_some()
                    })
                });
                if let Some(x) = led {
                    if let Some(p) = mentions
                        .iter()
                        .rev()
                        .find(|m| m.label == Label::Person && m.end <= x)
                    {
                        heads.push(p.entity);
                    }
                }
            }
        }
        // `X and his delegation`, `X, Minister of Y, and his delegation`: X heads it.
        for k in 2..lower.len() {
            if lower[k] == "delegation"
                && matches!(lower[k - 1].as_str(), "his" | "her")
                && lower[k - 2] == "and"
            {
                let right_before = mentions
                    .iter()
                    .find(|m| m.label == Label::Person && m.end == k - 2);
                // Over an apposition: the last person before the comma, followed by one.
                let apposed = || {
                    (k >= 3 && lower[k - 3] == ",")
                        .then(|| {
                            (mentions.iter())
                                .filter(|m| m.label == Label::Person && m.end < k - 3)
                                .max_by_key(|m| m.end)
                        })
                        .flatten()
                        .filter(|m| lower[m.end] == ",")
                };
                if let Some(p) = right_before.or_else(apposed) {
                    heads.push(p.entity);
                }
            }
        }
        for h in &heads {
            if !self.delegation_heads.contains(h) {
                self.delegation_heads.push(*h);
            }
        }
        // `The delegation also included A and B`, `A and B accompanied the delegation`,
        // `Members of the delegation were A and B`: the members attended the talks.
        if heads.is_empty() && !self.in_heading {
            let delegation = lower.iter().position(|x| x == "delegation");
            let members = delegation.is_some_and(|d| {
                lower[d + 1..lower.len().min(d + 3)]
                    .iter()
                    .any(|w| matches!(w.as_str(), "included" | "includes" | "comprised"))
                    || lower[..d].ends_with(&["accompanied".to_string(), "the".to_string()])
                    || lower[..d]
                        .windows(2)
                        .any(|w| w[0] == "members" && w[1] == "of")
            });
            if members {
                for p in top_level(mentions)
                    .into_iter()
                    .filter(|m| m.label == Label::Person)
                {
                    if !self.delegation_heads.contains(&p.entity) {
                        self.delegation_members.push((p.entity, ev.clone()));
                    }
                }
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
            // `X, in his speech at the EVENT, said`.
            if x + 3 < toks.len()
                && lower[x] == ","
                && lower[x + 1] == "in"
                && matches!(lower[x + 2].as_str(), "his" | "her" | "their")
            {
                if let Some(at) = (x + 3..toks.len().min(x + 7)).find(|&y| lower[y] == "at") {
                    if (x + 3..at).all(|y| toks[y].is_lower()) {
                        x = at;
                    }
                }
            }
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
            // `held within the framework of X`: a meeting of its own, during X.
            let framework = lower[k..lower.len().min(k + 6)]
                .iter()
                .any(|w| w == "framework");
            if took && framework {
                self.framework = mentions
                    .iter()
                    .find(|m| m.label == Label::Event && m.start > k + 1)
                    .map(|m| m.entity);
            }
            if took
                && !framework
                && (0..k).any(|x| matches!(lower[x].as_str(), "meeting" | "talks"))
            {
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
                let event = self.last_event.or_else(|| self.first_named_event());
                if let (false, Some(p), Some(e)) = (to_person, person, event) {
                    self.relate(RelType::Attended, p, e, None, None, ev);
                }
            }
        }
        // `X delivered a congratulatory speech`, `where X gave a special lecture`: X attended
        // the event of the sentence, else the article's named event.
        for k in 0..lower.len().saturating_sub(2) {
            if !matches!(
                lower[k].as_str(),
                "delivered" | "gave" | "delivering" | "giving"
            ) {
                continue;
            }
            let speech = (k + 1..lower.len().min(k + 5)).any(|x| {
                matches!(
                    lower[x].as_str(),
                    "speech" | "lecture" | "address" | "remarks" | "keynote" | "presentation"
                )
            });
            let person = top_level(mentions)
                .into_iter()
                .rfind(|m| {
                    m.label == Label::Person
                        && m.end <= k
                        && !lower[m.end..k].iter().any(|w| w == "," || w == "and")
                })
                .map(|m| m.entity);
            let event = self
                .sentence_event(mentions, refs)
                .or_else(|| self.first_named_event());
            if let (true, Some(p), Some(e)) = (speech, person, event) {
                self.relate(RelType::Attended, p, e, None, None, ev);
            }
        }
        // `talks between A and B`, `a meeting between A and B`.
        for k in 1..lower.len() {
            if lower[k] != "between" {
                continue;
            }
            // `a meeting in Jerusalem between A and B`: a place between the noun and `between`.
            let n = (k.saturating_sub(4).max(1)..k.saturating_sub(1))
                .rev()
                .find(|&x| lower[x] == "in" && (x + 1..k).all(|y| toks[y].is_cap()))
                .map_or(k - 1, |x| x - 1);
            if lower[k] == "between"
                && matches!(
                    lower[n].as_str(),
                    "talks" | "meeting" | "consultations" | "discussions"
                )
            {
                let end = self.clause_end(toks, k + 1);
                let mut people: Vec<usize> = top_level(mentions)
                    .into_iter()
                    .filter(|m| m.label == Label::Person && m.start > k && m.start < end)
                    .map(|m| m.entity)
                    .collect();
                // `a meeting between the delegations headed by the two`: the two people
                // the sentence named before.
                if people.len() < 2 && lower[k + 1..end].iter().any(|w| w == "two") {
                    let before: Vec<usize> = top_level(mentions)
                        .into_iter()
                        .filter(|m| m.label == Label::Person && m.end <= k)
                        .map(|m| m.entity)
                        .collect();
                    if before.len() == 2 {
                        people = before;
                    }
                }
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
            // `A and B Renew Agreement` (a headline) is a signing; in running text `renew`
            // is a plan or a commitment more often than a signature.
            if !self.in_heading && matches!(lower[k].as_str(), "renew" | "renews") {
                k += n;
                continue;
            }
            // `exchanged views on the Agreement`: talk, not a signing.
            if rel == RelType::Signed
                && lower.get(k + n).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "views"
                            | "ideas"
                            | "opinions"
                            | "experiences"
                            | "experience"
                            | "information"
                    )
                })
            {
                k += n;
                continue;
            }
            let after = k + n;
            // `would sign`, `to be signed in 2025`, `invited ... to attend`: not done (yet).
            if rel != RelType::MetWith && self.unrealized(&lower, clause_start, k) {
                k = after;
                continue;
            }
            // `, signed in 1998`: a participle describing a background instrument.
            if rel == RelType::Signed && k > 0 && lower[k - 1] == "," && lower[k] == "signed" {
                let by = lower.get(after).is_some_and(|w| w == "by");
                let in_year = lower.get(after).is_some_and(|w| w == "in")
                    && lower
                        .get(after + 1)
                        .is_some_and(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()));
                let of_agreement = top_level(mentions)
                    .into_iter()
                    .rfind(|m| m.end < k)
                    .is_some_and(|m| m.label == Label::Agreement);
                if !by && (in_year || of_agreement) {
                    k = after;
                    continue;
                }
            }
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
                (after..end.min(after + 20)).find(|&x| lower[x] == "by")
            } else {
                None
            };
            let passive = by_at.is_some() || (aux && rel == RelType::Signed);
            let by_from = by_at.unwrap_or(after);
            // `the X Conference, hosted by Y`: the participle describes the event.
            if rel == RelType::MetWith
                && !aux
                && k > 0
                && toks[k - 1].text == ","
                && top_level(mentions)
                    .into_iter()
                    .rfind(|m| m.end < k)
                    .is_some_and(|m| m.label == Label::Event)
            {
                k = after;
                continue;
            }
            let subjects = self.subjects(&lower, mentions, clause_start, k, rel);
            let by_end = (by_from + 1..end)
                .find(|&x| {
                    matches!(
                        lower[x].as_str(),
                        "presence"
                            | "witnessed"
                            | "watched"
                            | "following"
                            | "before"
                            | "during"
                            | "while"
                            | "with"
                            | "under"
                            | "patronage"
                    ) || (lower[x] == "after" && lower[x - 1] != "named")
                })
                .unwrap_or(end);
            let by_parties = if by_at.is_some() {
                let mut parties = self.objects_all(mentions, by_from + 1, by_end);
                // `by the two co-chairs`, `by both sides`: the people named together before.
                if parties.is_empty() {
                    parties = self.group_at(&lower, by_from + 1, by_end);
                }
                // `signed by X on behalf of ORG`: the organization signed too.
                if rel == RelType::Signed {
                    for x in by_from + 1..by_end.saturating_sub(3) {
                        if lower[x] == "behalf" && lower[x + 1] == "of" && lower[x - 1] == "on" {
                            let from = x + 2 + usize::from(lower[x + 2] == "the");
                            let org = mentions
                                .iter()
                                .find(|m| {
                                    m.start == from
                                        && matches!(m.label, Label::Organization | Label::Country)
                                })
                                .map(|m| m.entity)
                                .or_else(|| self.behalf_org(toks, mentions, from));
                            if let Some(o) = org.filter(|o| !parties.contains(o)) {
                                parties.push(o);
                            }
                        }
                    }
                }
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
                            && lower[clause_start.min(k)..k].iter().any(|w| {
                                matches!(
                                    w.as_str(),
                                    "it" | "they" | "delegation" | "guests" | "visitors"
                                )
                            })
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
                        // `had a session with X, where they were welcomed by Y`: X.
                        let end = (after..end)
                            .find(|&x| lower[x] == "where" && x > after && lower[x - 1] == ",")
                            .unwrap_or(end);
                        let objects = if let (true, Some(w)) = (intransitive, later_with) {
                            self.objects(&lower, mentions, w + 1, end)
                        } else if intransitive {
                            Vec::new()
                        } else {
                            self.objects(&lower, mentions, after, end)
                        };
                        // `held a working session with X`: people's meetings only.
                        let mut left = subjects.clone();
                        if after >= 2 && lower[after - 2] == "session" {
                            left.retain(|&p| self.entities[p].label == Label::Person);
                        }
                        (left, objects)
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
                                let aux = k - usize::from(aux);
                                let Some(det) = (clause_start.min(k)..k)
                                    .find(|&x| matches!(lower[x].as_str(), "a" | "an"))
                                else {
                                    // `The agreement on X between A and B was signed`: the
                                    // parties are part of its name.
                                    let the = clause_start.min(k);
                                    let between = (the..aux).any(|x| lower[x] == "between");
                                    if lower[the] != "the" || !between {
                                        return None;
                                    }
                                    return self.described_agreement(toks, &lower, the, aux, false);
                                };
                                self.described_agreement(toks, &lower, det, aux, true)
                            })
                            .or_else(|| {
                                refs.iter()
                                    .rev()
                                    .find(|r| r.label == Label::Agreement && r.at < k)
                                    .and_then(|r| self.agreement_for_ref(&r.word))
                            })
                            .or_else(|| {
                                // `The renewal was signed by A and B`: what was last named.
                                by_parties
                                    .iter()
                                    .any(|&p| self.entities[p].label == Label::Person)
                                    .then_some(self.last_agreement_seen)
                                    .flatten()
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
                                    .and_then(|r| self.agreement_for_ref(&r.word))
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
                    // `After the talks, the two signed ...`: the people who met.
                    // A name before `the two` (`After the talks with the Chilean minister, the
                    // two signed`) is in a phrase of its own, not the subject.
                    if !passive
                        && k >= 2
                        && lower[k - 1] == "two"
                        && matches!(lower[k - 2].as_str(), "the" | "and")
                    {
                        let met = self.meeting_parties();
                        let mut two = if met.len() >= 2 {
                            met
                        } else {
                            self.last_group.clone()
                        };
                        two.retain(|&p| self.entities[p].label == Label::Person);
                        if parties.is_empty() || (lower[k - 2] == "the" && two.len() >= 2) {
                            parties = two;
                        }
                    }
                    if self.in_heading {
                        // `Kenya and Morocco sign ...`: the countries the headline names sign
                        // if the instrument is between them (`heading_country_signings`);
                        // `Tajik academy sign ...`: a demonym describes the institution.
                        let named = |p: usize| {
                            mentions.iter().any(|m| {
                                m.entity == p
                                    && m.end <= k
                                    && (m.end == k
                                        || toks[m.end].is_cap()
                                        || matches!(lower[m.end].as_str(), "and" | ",")
                                        || is_institutions(&lower[m.end]))
                            })
                        };
                        if let Some(t) = target {
                            for &p in &parties {
                                if self.entities[p].label == Label::Country && named(p) {
                                    self.heading_signings.push((p, t, ev.clone()));
                                }
                            }
                        }
                        parties.retain(|&p| self.entities[p].label != Label::Country);
                        // `A and B Renew ...`: only states, once the instrument is known to be
                        // between them.
                        if matches!(lower[k].as_str(), "renew" | "renews") {
                            parties.clear();
                        }
                    }
                    // `the two ministries signed the Joint Statement ... between A and B`: the
                    // parties its name gives.
                    let pair = lower[clause_start.min(k)..k]
                        .windows(2)
                        .any(|w| matches!(w[0].as_str(), "two" | "both") && is_institutions(&w[1]));
                    if let (false, true, Some(t)) = (passive, pair, target) {
                        if let Some(a) = mentions
                            .iter()
                            .find(|m| m.entity == t && m.label == Label::Agreement)
                        {
                            let stop = end.max(a.end);
                            if let Some(b) =
                                (a.start..(a.end + 1).min(stop)).find(|&x| lower[x] == "between")
                            {
                                parties = mentions
                                    .iter()
                                    .filter(|m| {
                                        m.start > b
                                            && m.end <= stop
                                            && matches!(
                                                m.label,
                                                Label::Organization | Label::Country
                                            )
                                    })
                                    .filter(|m| {
                                        // the largest: an organization, not its country
                                        !mentions.iter().any(|o| {
                                            o.start > b
                                                && o.start <= m.start
                                                && m.end <= o.end
                                                && o.end - o.start > m.end - m.start
                                        })
                                    })
                                    .map(|m| m.entity)
                                    .collect();
                            }
                        }
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
                            .map(|m| m.entity)
                            .or_else(|| {
                                // `signed at the end of the meeting`, `used the summit to sign`:
                                // the event referred to (not `after the meeting`).
                                let r = refs.iter().find(|r| {
                                    r.label == Label::Event
                                        && !lower[r.at.saturating_sub(3)..r.at].iter().any(|w| {
                                            matches!(
                                                w.as_str(),
                                                "following"
                                                    | "after"
                                                    | "before"
                                                    | "ahead"
                                                    | "prior"
                                            )
                                        })
                                })?;
                                let e = self.event_for_ref(&r.word)?;
                                (self.entities[e].named || self.ceremony == Some(e)).then_some(e)
                            });
                        // `signed on the sidelines of the X`, `used the summit to sign`: whoever
                        // signed it attended X.
                        let venue = self.venue_mention(&lower, mentions).or(here);
                        if let Some(v) = venue {
                            self.signed_at.push((t, v, ev.clone()));
                        }
                        let signed_at = self
                            .signed_at
                            .iter()
                            .find(|(a, _, _)| *a == t)
                            .map(|(_, e, _)| *e);
                        let occasion = lower.iter().any(|w| w == "occasion") && !known;
                        let gathering = if let Some(e) = here.filter(|_| !known) {
                            Some(e)
                        } else if occasion && self.last_event.is_some() {
                            self.last_event
                        } else if signed_at.is_some() && !known {
                            signed_at
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
                            })
                            .or_else(|| {
                                // `It was co-chaired by ...` after a sentence naming the event.
                                (k >= 2 && lower[clause_start.min(k)..k - 1] == ["it"])
                                    .then_some(self.last_event)
                                    .flatten()
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
                        if people.len() >= 2 {
                            self.last_group = people.clone();
                        }
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
            } else if (w == "together" || w == "along")
                && lower.get(k + 1).is_some_and(|x| x == "with")
            {
                // `X addressed the ceremony, together with Y`.
                Some(k + 2)
            } else if w == "accompanied" {
                (k + 1..toks.len().min(k + 8))
                    .find(|&x| lower[x] == "by")
                    .map(|x| x + 1)
                    .or_else(|| {
                        // `X accompanied the Ambassador during the call`: X, before the verb.
                        let clause = (0..k)
                            .rev()
                            .find(|&x| matches!(toks[x].text, ";" | "."))
                            .map_or(0, |x| x + 1);
                        let subject = top_level(mentions).into_iter().rfind(|m| {
                            m.label == Label::Person && m.start >= clause && m.end <= k
                        })?;
                        Some(subject.start)
                    })
            } else if w == "present"
                && !lower.get(k + 1).is_some_and(|x| {
                    x == "at" && k > 0 && matches!(lower[k - 1].as_str(), "was" | "were")
                })
            {
                // `Also present were X and Y`, `Present at the meeting were X`.
                (k + 1..toks.len().min(k + 10))
                    .find(|&x| matches!(lower[x].as_str(), "was" | "were"))
                    .map(|x| x + 1)
            } else if w == "attending"
                || w == "participating"
                || (w == "taking" && lower.get(k + 1).is_some_and(|x| x == "part"))
            {
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
        // `A, B and C were present [at the meeting].`: the people before the verb.
        if let Some(k) = (1..lower.len()).find(|&k| {
            lower[k] == "present"
                && matches!(lower[k - 1].as_str(), "was" | "were")
                && lower.get(k + 1).is_none_or(|w| {
                    matches!(w.as_str(), "." | "," | ";" | "at" | "during" | "in" | "on")
                })
        }) {
            let from = (0..k)
                .rev()
                .find(|&x| matches!(toks[x].text, ";" | ":"))
                .map_or(0, |x| x + 1);
            let event = self
                .event_after(mentions, refs, k, toks.len())
                .or_else(|| self.sentence_event(mentions, refs))
                .or(self.talks)
                .or_else(|| self.first_named_event());
            if let Some(e) = event {
                for p in self.objects_all(mentions, from, k - 1) {
                    if self.entities[p].label == Label::Person {
                        self.relate(RelType::Attended, p, e, None, None, ev);
                    }
                }
            }
        }
        // `A and B signed the document, with C and D as witnesses`: C and D did not sign.
        if let Some(k) = (1..lower.len())
            .find(|&k| lower[k - 1] == "as" && matches!(lower[k].as_str(), "witnesses" | "witness"))
        {
            if let Some(w) = (0..k).rev().find(|&x| lower[x] == "with") {
                let witnesses: Vec<usize> = top_level(mentions)
                    .into_iter()
                    .filter(|m| m.label == Label::Person && m.start > w && m.end < k)
                    .map(|m| m.entity)
                    .collect();
                let mut x = first_relation;
                while x < self.relations.len() {
                    let r = &self.relations[x];
                    if r.rel_type == RelType::Signed && witnesses.contains(&r.source) {
                        self.relations.remove(x);
                    } else {
                        x += 1;
                    }
                }
            }
        }
        // `X and Y attended the meetings`: every talks event of the article.
        if lower.windows(2).any(|w| {
            matches!(w[0].as_str(), "the" | "both" | "two" | "these" | "all")
                && matches!(w[1].as_str(), "meetings" | "talks")
        }) && self.all_talks.len() > 1
            && lower.iter().any(|w| w == "attended")
        {
            let talks: Vec<usize> = self
                .all_talks
                .iter()
                .map(|(e, _)| *e)
                .filter(|e| !self.signings.contains(e))
                .collect();
            let mut people: Vec<usize> = self.relations[first_relation..]
                .iter()
                .filter(|r| r.rel_type == RelType::Attended && talks.contains(&r.target))
                .map(|r| r.source)
                .collect();
            if people.is_empty() {
                let verb = lower.iter().position(|w| w == "attended").unwrap_or(0);
                people = top_level(mentions)
                    .into_iter()
                    .filter(|m| m.label == Label::Person && m.end <= verb)
                    .map(|m| m.entity)
                    .collect();
            }
            for p in people {
                for &t in &talks {
                    self.relate(RelType::Attended, p, t, None, None, ev);
                }
            }
        }
        // `A received B and held the first X Dialogue`: the talks are that event.
        if !self.talks_here.is_empty() && self.venue.is_none() {
            if let Some(e) = mentions.iter().find(|m| {
                let mut x = m.start;
                while x > 0 && (lower[x - 1] == "the" || is_ordinal(&lower[x - 1])) {
                    x -= 1;
                }
                m.label == Label::Event
                    && self.entities[m.entity].named
                    && x > 0
                    && matches!(lower[x - 1].as_str(), "held" | "hold" | "holds")
            }) {
                self.venue = Some(e.entity);
            }
        }
        if let Some(e) = mentions
            .iter()
            .rev()
            .find(|m| m.label == Label::Event && self.entities[m.entity].named)
        {
            self.last_event = Some(e.entity);
        }
        if let Some(a) = mentions.iter().rev().find(|m| m.label == Label::Agreement) {
            self.last_agreement_seen = Some(a.entity);
            // `During the meeting, an MoU was signed between A and B.`: its signers (named
            // next) signed at the talks.
            if lower.iter().any(|w| w == "signed")
                && lower.windows(3).any(|w| {
                    matches!(w[0].as_str(), "during" | "at")
                        && w[1] == "the"
                        && matches!(w[2].as_str(), "meeting" | "talks")
                })
            {
                self.talks_signing = Some(a.entity);
            }
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
                    || w == "addressed"
            })
        {
            self.list_event = self
                .sentence_event(mentions, refs)
                .or_else(|| self.first_named_event());
        }
        // `The principal secretary thanked ...`: the person of that role is the subject
        // `she` refers to next.
        if lower.first().is_some_and(|w| w == "the")
            && !mentions
                .iter()
                .any(|m| m.label == Label::Person && m.start <= 4)
        {
            if let Some(role) = (1..lower.len().min(4))
                .take_while(|&x| toks[x].is_lower() || self.lex.is_role_word(&lower[x]))
                .map(|x| lower[x].as_str())
                .find(|w| self.lex.is_role_word(w))
            {
                if let Some(p) = self.person_with_role(role) {
                    self.last_subject = Some(p);
                }
            }
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

    /// `the Center`, `the Academy`: the one organization of the article named with that head
    /// word, as a mention (`signed by the Center and ASRT`).
    pub(super) fn head_noun_mentions(&self, toks: &[Token], mentions: &mut Vec<Mention>) {
        for x in 0..toks.len().saturating_sub(1) {
            let head = &toks[x + 1];
            if !toks[x].text.eq_ignore_ascii_case("the")
                || !head.is_cap()
                || toks.get(x + 2).is_some_and(|t| {
                    t.is_cap() || matches!(t.text, "of" | "for" | "on" | "(" | "-" | "'s")
                })
                || head.is_acronym()
                || mentions.iter().any(|m| m.start <= x + 1 && x + 1 < m.end)
                || !self.lex.is_org_head(head.text)
            {
                continue;
            }
            let mut found = self.entities.iter().enumerate().filter(|(_, e)| {
                e.label == Label::Organization
                    && e.named
                    && e.name.split_whitespace().any(|w| w == head.text)
                    && e.name.split_whitespace().count() > 1
            });
            if let (Some((i, _)), None) = (found.next(), found.next()) {
                mentions.push(Mention {
                    label: Label::Organization,
                    start: x + 1,
                    end: x + 2,
                    entity: i,
                });
            }
        }
    }

    /// `a` met `b`: the MET_WITH edge, and both attended the talks event.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn met(
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

    pub(super) fn title_text(&self, t: &str) -> String {
        self.lex
            .title(t)
            .map(|x| x.expansion.clone())
            .unwrap_or_else(|| t.to_string())
    }

    pub(super) fn clause_end(&self, toks: &[Token], from: usize) -> usize {
        // (`M.Sc., Rector of ...`: a dot before a comma ends an abbreviation, not a clause.)
        (from..toks.len())
            .find(|&x| {
                toks[x].text == ";"
                    || (toks[x].text == "." && toks.get(x + 1).is_none_or(|t| t.text != ","))
            })
            .unwrap_or(toks.len())
    }

    /// Who does the verb at `k`: persons before it in the clause (all of them when joined by
    /// `and`), else `the two ministers`/`both sides` (the parties of the article's talks), a
    /// delegation (its head), `he`/`she` (the last subject), else organizations and
    /// countries joined by `and`.
    pub(super) fn subjects(
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
        // `..., as he received`, `where they were welcomed by`: the pronoun's clause.
        let pronoun_clause = (from..k.saturating_sub(1)).rev().find(|&x| {
            matches!(lower[x].as_str(), "where" | "as" | "when" | "while")
                && matches!(lower[x + 1].as_str(), "he" | "she" | "they" | "it")
        });
        if let Some(x) = pronoun_clause {
            // The pronoun is the subject; the persons after it are not.
            match lower[x + 1].as_str() {
                "he" | "she" => {
                    // `X said ..., as he received Y`: the person the sentence opened with.
                    let opener = mentions
                        .iter()
                        .find(|m| m.label == Label::Person && m.end <= x)
                        .map(|m| m.entity);
                    if let Some(p) = opener.or(self.last_subject) {
                        return vec![p];
                    }
                }
                "they" => {
                    // `The two ministers visited X, where they were received by Y`.
                    let group = self.group_at(lower, from, x);
                    if !group.is_empty() {
                        return group;
                    }
                    if let Some(&h) = self.delegation_heads.first() {
                        return vec![h];
                    }
                }
                // `The delegation visited X, where it met with its director`: its head.
                "it" if lower[from..x].iter().any(|w| w == "delegation") => {
                    if let Some(&h) = self.delegation_heads.first() {
                        return vec![h];
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
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
                // Two people: `A, Vice-Chancellor of the University of X Prof. B attended`.
                let chain = || {
                    (w[0].end..w[1].start).all(|x| {
                        matches!(
                            lower[x].as_str(),
                            "," | "of" | "the" | "for" | "to" | "in" | "at" | "&" | "and"
                        ) || self.lex.title(&lower[x]).is_some()
                            || before.iter().any(|m| m.start <= x && x < m.end)
                    })
                };
                // `A, Title of ORG, B, Title, and ... attended`: appositions between.
                let appositions = between.len() >= 3
                    && between.first().is_some_and(|x| x == ",")
                    && between.last().is_some_and(|x| x == ",");
                let listed = between.iter().any(|x| x == "and")
                    || (between.iter().any(|x| x == ",") && (persons.len() >= 3 || chain()))
                    || appositions;
                if listed && !between.iter().any(|x| x == "with" || x == "by") {
                    out.push(w[1].entity);
                }
            }
            out.dedup();
            return out;
        }
        let window = &lower[from..k];
        let group = self.group_at(lower, from, k);
        if !group.is_empty() {
            return group;
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
        // `ORG announced that it signed X with Y`: the organization named before.
        if rel == RelType::Signed && window.first().is_some_and(|w| w == "it") {
            if let Some(o) = top_level(mentions)
                .into_iter()
                .find(|m| m.label == Label::Organization && m.end <= from)
            {
                return vec![o.entity];
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
            // `The European Union and India signed`: a country joined to an organization by
            // `and` alone is a party too; other countries only qualify an organization.
            let joined = |a: &Mention, b: &Mention| {
                let between = &lower[a.end.min(b.start)..b.start];
                between.len() == 1 && between[0] == "and"
            };
            let keep: Vec<bool> = (0..parties.len())
                .map(|i| {
                    parties[i].label == Label::Organization
                        || (i > 0
                            && parties[i - 1].label == Label::Organization
                            && joined(parties[i - 1], parties[i]))
                        || (i + 1 < parties.len()
                            && parties[i + 1].label == Label::Organization
                            && joined(parties[i], parties[i + 1]))
                })
                .collect();
            let mut i = 0;
            parties.retain(|_| {
                i += 1;
                keep[i - 1]
            });
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
    pub(super) fn objects(
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
        // `called on him at his office`: the person the sentence before was about.
        if let Some(p) = self.last_subject.filter(|_| {
            lower.get(from).is_some_and(|w| {
                w == "him"
                    || (w == "her"
                        && lower.get(from + 1).is_none_or(|n| {
                            matches!(
                                n.as_str(),
                                "," | "." | "at" | "in" | "on" | "during" | "and" | "for" | "to"
                            )
                        }))
            })
        }) {
            return vec![p];
        }
        if (from..end).any(|x| lower[x] == "delegation") {
            if let Some(&h) = self.delegation_heads.first() {
                return vec![h];
            }
        }
        // `called on the Vice Chancellor`: the person of the article with that title.
        if lower.get(from).is_some_and(|w| w == "the") {
            if let Some(role) = lower[from + 1..end.min(from + 4)]
                .iter()
                .find(|w| self.lex.is_role_word(w))
            {
                if let Some(p) = self.person_with_role(role) {
                    return vec![p];
                }
            }
        }
        // An organization, unless a new verb phrase comes first (`met with the delegation and
        // discussed ... including ORG`).
        after
            .iter()
            .find(|m| m.label == Label::Organization)
            .filter(|m| {
                !(from..m.start).any(|x| {
                    lower[x] == "and" && lower.get(x + 1).is_some_and(|w| self.lex.is_verb(w))
                })
            })
            .map(|m| vec![m.entity])
            .unwrap_or_default()
    }

    pub(super) fn objects_all(&self, mentions: &[Mention], from: usize, end: usize) -> Vec<usize> {
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
    pub(super) fn event_after(
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
    pub(super) fn sentence_event(
        &mut self,
        mentions: &[Mention],
        refs: &[Reference],
    ) -> Option<usize> {
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
    pub(super) fn event_for_ref(&mut self, word: &str) -> Option<usize> {
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
            // A named meeting mentioned already (not one only foreseen later in the text, nor
            // the framework the talks were held in), else the talks.
            "meeting" => self
                .last_event
                .filter(|&e| {
                    Some(e) != self.framework
                        && self.entities[e]
                            .name
                            .to_lowercase()
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|x| x == "meeting")
                })
                .or_else(|| self.meeting_talks())
                .or_else(|| named("meeting").filter(|&e| Some(e) != self.framework))
                .or_else(|| named("session"))
                .or_else(|| self.first_named_event()),
            "talks" | "visit" => self
                .meeting_talks()
                .or_else(|| named("meeting"))
                .or_else(|| named("session"))
                .or_else(|| self.first_named_event()),
            NEW_CEREMONY => Some(self.ceremony_event()),
            // `The ceremony was attended by ...` after talks and a signing: the signing
            // ceremony, a gathering of its own.
            SIGNING_CEREMONY => self
                .ceremony
                .or(self.signings.last().copied())
                .or(self.talks)
                .or_else(|| self.first_named_event()),
            "ceremony" => self
                .ceremony
                .or(self.signings.last().copied())
                .or_else(|| {
                    let signed = self.relations.iter().any(|r| r.rel_type == RelType::Signed);
                    (self.talks.is_some() && signed).then(|| self.ceremony_event())
                })
                .or(self.talks)
                .or_else(|| self.first_named_event()),
            "event" => self.talks.or_else(|| self.first_named_event()),
            "opening" => self.first_named_event().or(self.talks),
            w => named(w).or(self.talks).or_else(|| self.first_named_event()),
        }
    }

    /// The article's ceremony (`the handover ceremony`): an unnamed event of its own, made
    /// when first referred to.
    pub(super) fn ceremony_event(&mut self) -> usize {
        if let Some(c) = self.ceremony {
            return c;
        }
        let stem = self
            .doc_id
            .rsplit_once('.')
            .map(|x| x.0)
            .unwrap_or(&self.doc_id)
            .to_string();
        let i = self.entities.len();
        self.entities.push(LocalEntity {
            label: Label::Event,
            name: format!("Ceremony reported in {stem}"),
            named: false,
            aliases: BTreeSet::new(),
            acronyms: BTreeSet::new(),
            country: None,
            date: self.doc_date.clone(),
            place: None,
        });
        self.ceremony = Some(i);
        i
    }

    /// The person this article gives a title with `role` in it (`minister`): the last
    /// subject if it fits, else the first such person.
    pub(super) fn person_with_role(&self, role: &str) -> Option<usize> {
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

    pub(super) fn first_named_event(&self) -> Option<usize> {
        self.entities
            .iter()
            .position(|e| e.label == Label::Event && e.named)
    }

    /// `signed a memorandum of understanding on joint research in X`: an agreement named by
    /// its description, when no named one follows the verb.
    pub(super) fn described_agreement(
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
                    || (head..stop)
                        .rfind(|&x| lower[x] == "between")
                        .is_some_and(|b| {
                            // `on science and technology between A and B`: the `and` of the parties
                            !lower[b..stop].iter().any(|x| x == "and")
                        })))
                || temporal
                || (w == "in"
                    && toks.get(stop + 1).is_some_and(|t| t.is_cap())
                    && self.country_at(toks, stop + 1).is_none()
                    && !toks[stop + 1].is_acronym()
                    // `in Earth observation`: a topic (a capitalized word, then a noun), not
                    // a place (`in Beijing on Monday`, `in Cairo.`).
                    && !toks.get(stop + 2).is_some_and(|t| {
                        t.is_lower()
                            && t.text.len() > 3
                            && !self.lex.is_function_word(t.text)
                            && !self.lex.is_verb(t.text)
                            && !matches!(
                                t.text,
                                "today" | "yesterday" | "last" | "this" | "next" | "during"
                            )
                    }))
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
            .map(|x| toks[x])
            .collect();
        let text = join_words(&words).replace(" - ", "-");
        let e = self.entity(Label::Agreement, &text);
        if self.in_heading {
            self.heading_agreements.push(e);
        }
        Some(e)
    }

    pub(super) fn described_tail(
        &self,
        toks: &[Token],
        lower: &[String],
        from: usize,
        end: usize,
    ) -> String {
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

    /// The agreement `the letter`, `the plan`, `the MoU` refers to: the one mentioned last if
    /// its name has the word (any for `the document`), else the last one whose name has it.
    pub(super) fn agreement_for_ref(&self, word: &str) -> Option<usize> {
        let generic = matches!(word, "document" | "agreement" | "accord" | "instrument");
        let has = |e: usize| {
            let n = self.entities[e].name.to_lowercase();
            n.split(|c: char| !c.is_alphanumeric()).any(|w| {
                w == word
                    || (matches!(word, "mou" | "memorandum")
                        && matches!(w, "mou" | "memorandum" | "memoranda"))
            })
        };
        if let Some(a) = self.last_agreement_seen.filter(|&a| generic || has(a)) {
            return Some(a);
        }
        (0..self.entities.len())
            .rev()
            .find(|&e| self.entities[e].label == Label::Agreement && has(e))
            .or_else(|| self.last_agreement())
    }

    /// `on behalf of Business Finland`: a capitalized name no pattern has taken is the
    /// organization signed for.
    pub(super) fn behalf_org(
        &mut self,
        toks: &[Token],
        mentions: &[Mention],
        from: usize,
    ) -> Option<usize> {
        let end = (from..toks.len().min(from + 5))
            .find(|&x| !toks[x].is_cap())
            .unwrap_or(toks.len().min(from + 5));
        let free = end > from
            && end < toks.len()
            && matches!(toks[end].text, "," | "." | ";" | "and")
            && self.title_at(toks, from).is_none()
            && !mentions.iter().any(|m| m.start < end && from < m.end)
            && (from..end).all(|x| !self.lex.is_function_word(toks[x].text));
        free.then(|| self.entity(Label::Organization, &join_words(&toks[from..end])))
    }

    /// `would sign`, `will be signed`, `to be signed in 2025`, `invited X to attend`,
    /// `hoped to sign`: the verb at `k` tells of something not (yet) done.
    pub(super) fn unrealized(&self, lower: &[String], clause_start: usize, k: usize) -> bool {
        let modal = |w: &str| {
            matches!(
                w,
                "would" | "will" | "shall" | "could" | "should" | "may" | "might" | "can"
            )
        };
        let Some(prev) = k.checked_sub(1).map(|x| lower[x].as_str()) else {
            return false;
        };
        if modal(prev) {
            return true;
        }
        if prev == "be" && k >= 2 && (modal(&lower[k - 2]) || lower[k - 2] == "to") {
            return true;
        }
        prev == "to"
            && lower[clause_start.min(k)..k].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "invited"
                        | "invite"
                        | "invites"
                        | "inviting"
                        | "hope"
                        | "hoped"
                        | "hopes"
                        | "hoping"
                        | "plan"
                        | "plans"
                        | "planned"
                        | "planning"
                        | "expected"
                        | "expects"
                        | "wish"
                        | "wishes"
                        | "agreed"
                        | "ready"
                        | "willing"
                        | "proposed"
                )
            })
    }

    /// `the two co-chairs`, `both sides`, `the two authorities` between `from` and `end`: the
    /// people named together before (the co-chairs), else the parties of the article's talks.
    pub(super) fn group_at(&self, lower: &[String], from: usize, end: usize) -> Vec<usize> {
        let window = &lower[from.min(end)..end];
        let chairs = window
            .iter()
            .any(|w| matches!(w.as_str(), "co-chairs" | "chairs" | "co-chairmen"));
        let pair = chairs
            || window.windows(2).any(|w| {
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
                            | "signatories"
                            | "presidents"
                            | "directors"
                            | "ambassadors"
                            | "secretaries"
                            | "authorities"
                            | "agencies"
                            | "universities"
                            | "organizations"
                            | "organisations"
                    )
            });
        if !pair {
            return Vec::new();
        }
        if chairs && self.last_group.len() >= 2 {
            return self.last_group.clone();
        }
        let parties = self.meeting_parties();
        if parties.len() >= 2 {
            return parties;
        }
        if self.last_group.len() >= 2 {
            return self.last_group.clone();
        }
        Vec::new()
    }

    pub(super) fn last_agreement(&self) -> Option<usize> {
        self.entities
            .iter()
            .rposition(|e| e.label == Label::Agreement)
    }

    /// The people of the article's talks (or, before any, of its signing).
    pub(super) fn meeting_parties(&self) -> Vec<usize> {
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
    pub(super) fn talks_event(
        &mut self,
        parties: (usize, usize),
        date: Option<String>,
        toks: &[Token],
        lower: &[String],
        after: usize,
    ) -> usize {
        let shifted = self.shifted;
        let shifted_talks = self.shifted_talks;
        // `X also met with Y`, `X later held talks with Y`: a meeting of its own when Y is new.
        // So is a meeting on another day, or at a place visited (`visited X, where she met Y`).
        let other_day: Vec<usize> = self
            .all_talks
            .iter()
            .map(|(e, _)| *e)
            .filter(|&e| {
                let theirs = self.entities[e].date.as_deref().unwrap_or("");
                date.as_deref()
                    .is_some_and(|d| d.len() == 10 && theirs.len() == 10 && theirs != d)
            })
            .collect();
        let separate = lower.iter().any(|w| {
            matches!(
                w.as_str(),
                "also" | "later" | "afterwards" | "subsequently" | "separately"
            )
        }) || (lower.iter().any(|w| w == "visited")
            && lower.iter().any(|w| w == "where"));
        // `met respectively with A and B`, `met separately with A and with B`: a meeting each.
        let each = lower
            .iter()
            .any(|w| w == "respectively" || w == "separately");
        // `In Buenos Aires, X met Y`: talks at a place no talks so far were held at.
        let lead_place = (lower.first().is_some_and(|w| w == "in")
            && toks.get(1).is_some_and(|t| t.is_cap())
            && self.country_at(toks, 1).is_none())
        .then(|| {
            let end = (1..toks.len().min(5)).find(|&x| toks[x].text == ",")?;
            toks[1..end]
                .iter()
                .all(|t| t.is_cap())
                .then(|| join_words(&toks[1..end]))
        })
        .flatten();
        let separate = separate
            || each
            || lead_place.as_ref().is_some_and(|p| {
                !self.all_talks.is_empty()
                    && self
                        .all_talks
                        .iter()
                        .all(|(e, _)| self.entities[*e].place.as_deref() != Some(p.as_str()))
            });

        // A signing event that one of them was not at is not the talks (`Before the signing,
        // X held a meeting with Y`); a meeting made in this sentence is the one meant. After
        // `Earlier in the day, ...` only the talks of that other gathering are meant.
        let signings = &self.signings;
        let here = &self.talks_here;
        if let Some(t) = self.all_talks.iter_mut().find(|(e, p)| {
            let one = p.contains(&parties.0) || p.contains(&parties.1);
            let both = p.contains(&parties.0) && p.contains(&parties.1);
            one && (!shifted || Some(*e) == shifted_talks)
                && (both
                    || (here.contains(e) && !each)
                    || !(separate || other_day.contains(e) || signings.contains(e)))
        }) {
            for x in [parties.0, parties.1] {
                if !t.1.contains(&x) {
                    t.1.push(x);
                }
            }
            let e = t.0;
            if !self.secondary.contains(&e) {
                self.talks = Some(e);
            }
            self.talks_here.push(e);
            return e;
        }
        let secondary = self.all_talks.iter().any(|(e, p)| {
            (separate || other_day.contains(e))
                && !self.signings.contains(e)
                && (p.contains(&parties.0) || p.contains(&parties.1))
        });
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
            .map(|x| toks[x + 1].text.to_string())
            .or(lead_place);
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
        self.talks_here.push(i);
        if shifted {
            self.shifted_talks = Some(i);
        }
        if secondary {
            self.secondary.push(i);
        } else if !shifted || self.talks.is_none() {
            self.talks = Some(i);
        }
        i
    }

    /// Where people who signed together were: the talks most of them held; no event when only
    /// a few of them held talks (they signed on another occasion, which the article does not
    /// make an event of); else the signing itself, a new unnamed event.
    pub(super) fn signing_gathering(
        &mut self,
        people: &[usize],
        date: &Option<String>,
        toks: &[Token],
        lower: &[String],
        at: usize,
    ) -> Option<usize> {
        // `During the meeting, ... signed`: the talks reported so far.
        let during = lower.windows(3).any(|w| {
            matches!(w[0].as_str(), "during" | "at")
                && w[1] == "the"
                && matches!(w[2].as_str(), "meeting" | "talks")
        });
        let during = during
            || (self.talks_signing.is_some() && self.talks_signing == self.last_agreement_seen);
        if let Some(t) = self.meeting_talks().filter(|_| during) {
            if let Some((_, parties)) = self.all_talks.iter_mut().find(|(e, _)| *e == t) {
                for &p in people {
                    if !parties.contains(&p) {
                        parties.push(p);
                    }
                }
            }
            return Some(t);
        }
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
        // No talks, but a named event the article's people attended (a joint committee they
        // co-chaired): the signing was part of it, or the article makes no event of it.
        if self.all_talks.is_empty() {
            let attended: Vec<(usize, usize)> = self
                .relations
                .iter()
                .filter(|r| r.rel_type == RelType::Attended && self.entities[r.target].named)
                .map(|r| (r.source, r.target))
                .collect();
            if let Some(&(_, e)) = attended
                .iter()
                .find(|(_, e)| people.iter().all(|p| attended.contains(&(*p, *e))))
            {
                return Some(e);
            }
            // (Or the article is about a named event: the signing was part of it.)
            if !attended.is_empty() || self.last_event.is_some() {
                return None;
            }
        }
        let talks = self.talks;
        let t = self.talks_event((people[0], people[1]), date.clone(), toks, lower, at);
        // The talks stay what `the meeting`, `the delegation was accompanied` refer to.
        if talks.is_some() {
            self.talks = talks;
        }
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

    /// The named event a sentence places itself at: `at the X`, `during the X`, `on the
    /// sidelines of the X`, `on the margins of the X`.
    pub(super) fn venue_mention(&self, lower: &[String], mentions: &[Mention]) -> Option<usize> {
        mentions
            .iter()
            .filter(|m| m.label == Label::Event && self.entities[m.entity].named)
            .find(|m| {
                let mut x = m.start;
                while x > 0 && lower[x - 1] == "the" {
                    x -= 1;
                }
                x > 0
                    && (matches!(lower[x - 1].as_str(), "at" | "during")
                        || (lower[x - 1] == "of"
                            && x >= 2
                            && matches!(lower[x - 2].as_str(), "sidelines" | "margins" | "margin")))
            })
            .map(|m| m.entity)
    }

    /// The talks of the article for `the meeting`, `the talks`: the first talks event that
    /// is not a signing, else any.
    pub(super) fn meeting_talks(&self) -> Option<usize> {
        self.all_talks
            .iter()
            .map(|(t, _)| *t)
            .find(|t| !self.signings.contains(t) && !self.secondary.contains(t))
            .or(self.talks)
    }
}
