//! Name matching: normalization, resolution of an argument to one entity, search, and
//! "did you mean" suggestions.

use super::index::QueryGraph;
use super::QueryError;
use crate::model::Label;
use petgraph::graph::NodeIndex;
use serde::Serialize;
use std::cmp::Reverse;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How many suggestions an unknown name gets.
const MAX_SUGGESTIONS: usize = 5;

/// The form names are compared in: lower case, accents stripped (NFD, combining marks
/// dropped), `'` and `.` dropped (`U.S.` → `us`, `People's` → `peoples`), any other run of
/// non-alphanumeric characters folded into one space, no leading or trailing space.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    if s.is_ascii() {
        // Fast path, same rules: nothing to decompose.
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else if !matches!(b, b'\'' | b'.' | b'`') {
                space = true;
            }
        }
        return out;
    }
    for c in s.chars().flat_map(char::to_lowercase).nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '.' | '`' | '\u{b4}') {
            // dropped without a break
        } else {
            space = true;
        }
    }
    out
}

/// One entity offered to the user: a suggestion, an ambiguous candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub label: Label,
    /// Number of documents that mention it.
    pub docs: usize,
    /// The alias that matched, when it was not the canonical name.
    pub matched: Option<String>,
}

impl Candidate {
    fn new(kg: &QueryGraph, n: NodeIndex, matched: Option<&str>) -> Self {
        Candidate {
            id: kg.id(n).to_owned(),
            name: kg.name(n).to_owned(),
            label: kg.label(n),
            docs: kg.docs(n),
            matched: matched.map(str::to_owned),
        }
    }
}

/// Resolve an argument to one entity (see the module docs for the rules). With `first`, an
/// ambiguous name gives its first candidate instead of an error.
pub fn resolve(kg: &QueryGraph, query: &str, first: bool) -> Result<NodeIndex, QueryError> {
    if let Some(ix) = kg.index_of(query.trim()) {
        return Ok(ix);
    }
    let nq = normalize(query);
    if nq.is_empty() {
        return Err(QueryError::UnknownEntity {
            query: query.to_owned(),
            suggestions: Vec::new(),
        });
    }
    // Matches come by node, the canonical name before the aliases in order: a node's first
    // match is its best one.
    let mut by_name: Vec<NodeIndex> = Vec::new();
    let mut by_alias: Vec<(NodeIndex, &str)> = Vec::new();
    let mut last: Option<NodeIndex> = None;
    for (ix, is_name, form) in kg.lookup_normalized(&nq) {
        if last == Some(ix) {
            continue;
        }
        last = Some(ix);
        if is_name {
            by_name.push(ix);
        } else {
            by_alias.push((ix, form));
        }
    }
    let order = |ix: NodeIndex| (Reverse(kg.docs(ix)), kg.id(ix));
    by_name.sort_by(|&a, &b| order(a).cmp(&order(b)));
    by_alias.sort_by(|&(a, _), &(b, _)| order(a).cmp(&order(b)));
    let winners = if !by_name.is_empty() {
        by_name.len()
    } else {
        by_alias.len()
    };
    match winners {
        0 => Err(QueryError::UnknownEntity {
            query: query.to_owned(),
            suggestions: suggest(kg, &nq),
        }),
        1 => Ok(by_name.first().copied().unwrap_or_else(|| by_alias[0].0)),
        _ if first => Ok(by_name.first().copied().unwrap_or_else(|| by_alias[0].0)),
        _ => {
            let mut candidates: Vec<Candidate> = by_name
                .iter()
                .map(|&ix| Candidate::new(kg, ix, None))
                .collect();
            candidates.extend(
                by_alias
                    .iter()
                    .map(|&(ix, a)| Candidate::new(kg, ix, Some(a))),
            );
            Err(QueryError::Ambiguous {
                query: query.to_owned(),
                candidates,
            })
        }
    }
}

/// The closest names to a normalized query that matched nothing, best first.
fn suggest(kg: &QueryGraph, nq: &str) -> Vec<Candidate> {
    let q_chars: Vec<char> = nq.chars().collect();
    let q_tokens: Vec<&str> = nq.split(' ').collect();
    let max_dist = (q_chars.len() / 3).clamp(1, 4);
    // ((category, distance, fewer docs last), entity, alias matched) — smaller is better.
    type Scored = ((u8, usize, Reverse<usize>), NodeIndex, Option<String>);
    let mut scored: Vec<Scored> = Vec::new();
    let mut buf: Vec<char> = Vec::new();
    for ix in kg.nodes() {
        let mut best: Option<((u8, usize), Option<&str>)> = None;
        for (i, (form, n)) in kg.forms(ix).enumerate() {
            let alias = (i > 0).then_some(form);
            if n.is_empty() {
                continue;
            }
            let n_tokens: Vec<&str> = n.split(' ').collect();
            let score = if n.contains(nq)
                || q_tokens.iter().all(|t| n_tokens.contains(t))
                || (n.chars().count() >= 3 && nq.contains(n))
            {
                Some((0, n.len().abs_diff(nq.len())))
            } else {
                buf.clear();
                buf.extend(n.chars());
                if let Some(d) = bounded_levenshtein(&q_chars, &buf, max_dist) {
                    Some((1, d))
                } else {
                    let shared = q_tokens
                        .iter()
                        .filter(|t| t.chars().count() >= 3 && !STOP.contains(t))
                        .filter(|t| n_tokens.contains(t))
                        .count();
                    (shared > 0).then(|| (2, q_tokens.len() - shared))
                }
            };
            if let Some(s) = score {
                if best.as_ref().is_none_or(|(b, _)| s < *b) {
                    best = Some((s, alias));
                }
            }
        }
        if let Some(((cat, d), alias)) = best {
            scored.push(((cat, d, Reverse(kg.docs(ix))), ix, alias.map(str::to_owned)));
        }
    }
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| kg.id(a.1).cmp(kg.id(b.1))));
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, ix, alias)| Candidate::new(kg, ix, alias.as_deref()))
        .collect()
}

/// Tokens too common to suggest a name on their own.
const STOP: [&str; 8] = [
    "the", "and", "for", "of", "ministry", "minister", "national", "de",
];

/// Levenshtein distance between `a` and `b` when it is at most `max`, else `None`.
fn bounded_levenshtein(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// How a search text matched a name; better kinds sort first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The whole name (or alias, or id).
    Exact,
    /// The start of the name.
    Prefix,
    /// Every word of the text is a word of the name, in any order.
    Token,
    /// Anywhere inside the name.
    Substring,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
            MatchKind::Token => "token",
            MatchKind::Substring => "substring",
        }
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindHit {
    pub node: NodeIndex,
    pub kind: MatchKind,
    /// The canonical name or alias that matched best.
    pub matched: String,
}

fn match_kind(name: &str, nq: &str, q_tokens: &[&str]) -> Option<MatchKind> {
    if name == nq {
        Some(MatchKind::Exact)
    } else if name.starts_with(nq) {
        Some(MatchKind::Prefix)
    } else if q_tokens.iter().all(|t| name.split(' ').any(|n| n == *t)) {
        Some(MatchKind::Token)
    } else if name.contains(nq) {
        Some(MatchKind::Substring)
    } else {
        None
    }
}

/// Search names, aliases and ids (normalized, see [`normalize`]). Results are ranked by
/// match kind (exact > prefix > token > substring), then by number of documents (most
/// first), then by name and id. `labels` (empty = all) restricts the labels returned.
pub fn find(kg: &QueryGraph, text: &str, labels: &[Label]) -> Result<Vec<FindHit>, QueryError> {
    let nq = normalize(text);
    if nq.is_empty() {
        return Err(QueryError::BadArgument(format!(
            "nothing to search for in {text:?}"
        )));
    }
    let q_tokens: Vec<&str> = nq.split(' ').collect();
    let by_id = kg.index_of(text.trim());
    let mut hits = Vec::new();
    for ix in kg.nodes() {
        if !labels.is_empty() && !labels.contains(&kg.label(ix)) {
            continue;
        }
        let mut best: Option<(MatchKind, &str)> =
            (by_id == Some(ix)).then(|| (MatchKind::Exact, kg.id(ix)));
        for (form, norm) in kg.forms(ix) {
            if let Some(k) = match_kind(norm, &nq, &q_tokens) {
                if best.is_none_or(|(b, _)| k < b) {
                    best = Some((k, form));
                }
            }
        }
        if let Some((kind, matched)) = best {
            hits.push(FindHit {
                node: ix,
                kind,
                matched: matched.to_owned(),
            });
        }
    }
    hits.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| kg.docs(b.node).cmp(&kg.docs(a.node)))
            .then_with(|| kg.name(a.node).cmp(kg.name(b.node)))
            .then_with(|| kg.id(a.node).cmp(kg.id(b.node)))
    });
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization() {
        assert_eq!(normalize("  León-Velarde  "), "leon velarde");
        assert_eq!(normalize("U.S."), "us");
        assert_eq!(
            normalize("People's Republic of China"),
            "peoples republic of china"
        );
        assert_eq!(normalize("S&T"), "s t");
        assert_eq!(normalize("ÉCOLE   Polytechnique"), "ecole polytechnique");
        assert_eq!(normalize("--"), "");
        assert_eq!(normalize("Dr. O'Neil & Co.  "), "dr oneil co");
        assert_eq!(normalize("Dr. O\u{2019}Néil & Co.  "), "dr oneil co");
    }

    #[test]
    fn levenshtein_bounds() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(bounded_levenshtein(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(bounded_levenshtein(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(bounded_levenshtein(&c("abc"), &c("abc"), 0), Some(0));
        assert_eq!(bounded_levenshtein(&c("a"), &c("abcdef"), 2), None);
    }
}
