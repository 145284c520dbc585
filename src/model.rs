//! The graph's data model: what resolution produces, what the graph holds, and what
//! exports and queries read. Plain data, no I/O.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

/// The graph schema (`schema/graph.md`): labels, relationship types, properties, ids and
/// export columns, as `newsgraph schema` prints it.
pub const GRAPH_SCHEMA: &str = include_str!("../schema/graph.md");

/// A node label. The five scored kinds of entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Label {
    Person,
    Organization,
    Country,
    Agreement,
    Event,
}

impl Label {
    pub const ALL: [Label; 5] = [
        Label::Person,
        Label::Organization,
        Label::Country,
        Label::Agreement,
        Label::Event,
    ];

    /// The Neo4j label, also used in GraphML/GEXF `kind` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "Person",
            Label::Organization => "Organization",
            Label::Country => "Country",
            Label::Agreement => "Agreement",
            Label::Event => "Event",
        }
    }

    /// Lower-case form used in node ids and file names (`person`, `organization`, ...).
    pub fn slug(self) -> &'static str {
        match self {
            Label::Person => "person",
            Label::Organization => "organization",
            Label::Country => "country",
            Label::Agreement => "agreement",
            Label::Event => "event",
        }
    }

    /// Case-insensitive parse of a label name.
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A relationship type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RelType {
    /// Person/Organization -- Person/Organization. Symmetric: stored once, source id < target id.
    MetWith,
    /// Person/Organization/Country -> Agreement.
    Signed,
    /// Person/Organization/Country -> Event.
    Attended,
    /// Person -> Organization, with the person's `title`.
    AffiliatedWith,
    /// Organization -> Country.
    BasedIn,
}

impl RelType {
    pub const ALL: [RelType; 5] = [
        RelType::MetWith,
        RelType::Signed,
        RelType::Attended,
        RelType::AffiliatedWith,
        RelType::BasedIn,
    ];

    /// The Neo4j relationship type.
    pub fn as_str(self) -> &'static str {
        match self {
            RelType::MetWith => "MET_WITH",
            RelType::Signed => "SIGNED",
            RelType::Attended => "ATTENDED",
            RelType::AffiliatedWith => "AFFILIATED_WITH",
            RelType::BasedIn => "BASED_IN",
        }
    }

    /// Lower-case form used in file names (`met_with`, ...).
    pub fn slug(self) -> &'static str {
        match self {
            RelType::MetWith => "met_with",
            RelType::Signed => "signed",
            RelType::Attended => "attended",
            RelType::AffiliatedWith => "affiliated_with",
            RelType::BasedIn => "based_in",
        }
    }

    /// Case-insensitive parse (`met_with`, `MET_WITH`, `met-with`).
    pub fn parse(s: &str) -> Option<RelType> {
        let s = s.trim().replace('-', "_");
        RelType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(&s))
    }

    /// MET_WITH has no direction; every other type points from party to thing.
    pub fn is_symmetric(self) -> bool {
        matches!(self, RelType::MetWith)
    }
}

impl fmt::Display for RelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a fact comes from: a document and one sentence of it.
///
/// The document id and the sentence are shared (`Arc<str>`): a sentence is evidence for
/// several relations, and a document for many sentences, so a build holds one copy of each.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id (the article's file name, or `-` for standard input).
    pub doc: Arc<str>,
    /// Byte offset of the sentence in the original (un-normalized) document text.
    pub start: usize,
    /// Byte offset one past the sentence's end in the original text.
    pub end: usize,
    /// The sentence, normalized (NFC, straight quotes, single spaces, no newlines).
    pub sentence: Arc<str>,
    /// The document's URL, title and source (publication), when its input gave them (JSON
    /// Lines fields, HTML metadata). Shared by all the evidence of one document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Arc<str>>,
}

/// A node of the graph: one real-world entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id derived from (label, canonical name[, country]); never a petgraph index.
    /// Characters: lower-case letters and digits (any script), `-`, `:` and `.` — a GraphML NMTOKEN.
    pub id: String,
    pub label: Label,
    /// Canonical name per the annotation guide. For an unnamed event (the talks an article
    /// reports) a descriptive name such as `Talks between A and B`, with `named == false`.
    pub name: String,
    /// False only for events that have no name of their own in the text.
    pub named: bool,
    /// Other surface forms: acronyms, titled forms, short forms. Sorted, without `name`.
    pub aliases: BTreeSet<String>,
    /// The documents that mention it. Sorted. (In a graph made by `pipeline::build`, read
    /// it with `KnowledgeGraph::entity_full`.)
    pub sources: BTreeSet<String>,
    /// Organizations: the country it belongs to (canonical country name), when known.
    pub country: Option<String>,
    /// Events: ISO date (`2018-07-26`, or `2018-07`/`2018` when only that is known).
    pub date: Option<String>,
    /// Events: the city or place it was held in, as written.
    pub place: Option<String>,
}

/// An edge of the graph. One per (type, source, target); evidence from every document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub rel_type: RelType,
    /// Entity id of the start node (for MET_WITH the smaller of the two ids). Shared
    /// (`Arc<str>`): a build holds one copy of each id, however many relations use it.
    pub source: Arc<str>,
    /// Entity id of the end node.
    pub target: Arc<str>,
    /// AFFILIATED_WITH: the position held (`Deputy Director General`).
    pub title: Option<String>,
    /// ISO date of the fact when the text gives one (usually the event's date).
    pub date: Option<String>,
    /// Every sentence it was read from; sorted, never empty. (In a graph made by
    /// `pipeline::build` it is kept out of memory: read it with
    /// `KnowledgeGraph::relation_full`.)
    pub evidence: BTreeSet<Evidence>,
}

impl Relation {
    /// The documents this relation comes from, sorted and unique.
    pub fn docs(&self) -> BTreeSet<&str> {
        self.evidence.iter().map(|e| &*e.doc).collect()
    }

    /// The URLs of the documents this relation comes from, sorted and unique (empty when
    /// no input gave one).
    pub fn urls(&self) -> BTreeSet<&str> {
        self.evidence
            .iter()
            .filter_map(|e| e.url.as_deref())
            .collect()
    }
}

/// Turn a name into the id-safe slug used in node ids: lower-case letters and digits of any
/// script kept, everything else folded into single `-`.
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    // NFKC first (`º` → `o`, `²` → `2`); then only characters XML allows in an NMTOKEN.
    for c in name.nfkc() {
        if c.is_alphanumeric() && crate::export::xml::is_name_char(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' || c == '.' {
            // People's -> peoples, U.S. -> us
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Cai Jianing"), "cai-jianing");
        assert_eq!(
            slug("People's Republic of China"),
            "peoples-republic-of-china"
        );
        assert_eq!(slug("León-Velarde"), "león-velarde");
        assert_eq!(slug("  --  "), "x");
        assert_eq!(slug("Decreto Nº 5 ①"), "decreto-no-5-1");
    }

    #[test]
    fn parse_round_trips() {
        for l in Label::ALL {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
        for t in RelType::ALL {
            assert_eq!(RelType::parse(t.as_str()), Some(t));
            assert_eq!(RelType::parse(t.slug()), Some(t));
        }
    }
}
