//! Resolution: the extractions of many documents → one node per real-world entity.
//!
//! Invariants: the result depends only on the set of extractions, not on their order (the
//! input is sorted by document id first, and every choice is made by sorted keys), so a
//! corpus built in one run or from any split of extraction records gives the same graph.
//! `Entity::id` depends only on (label, canonical name[, country]).
//!
//! Merging rules: persons by name (case-insensitive); organizations by base name (without a
//! leading demonym or a trailing `of <Country>`) and country — an organization whose country
//! is unknown joins the only same-named one with a country, an acronym used alone joins the
//! only organization defining it (in the same country when one is given); countries, named
//! events and agreements by name. Unnamed events stay one per document.

use crate::evidence::{DocRef, EvidenceStore, Piece};
use crate::extract::{Extraction, LocalEntity};
use crate::lexicon::{fold, key_of, Lexicon};
use crate::model::{slug, Entity, Evidence, Label, RelType, Relation};
use crate::ordered::in_order;
use crate::spill::Spill;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::Arc;

/// A group of local entities that are one real-world entity.
#[derive(Default)]
struct Group {
    label: Option<Label>,
    names: BTreeMap<String, usize>,
    aliases: BTreeSet<String>,
    acronyms: BTreeSet<String>,
    /// The documents (indices of `spill.entries`, ascending) that mention it.
    sources: Vec<u32>,
    country: Option<String>,
    date: Option<String>,
    place: Option<String>,
    named: bool,
    unnamed_key: Option<String>,
}

/// Merge extractions into the entities and relations of one graph.
pub fn resolve(mut extractions: Vec<Extraction>, lex: &Lexicon) -> (Vec<Entity>, Vec<Relation>) {
    extractions.sort_by(|a, b| a.doc.cmp(&b.doc));
    let mut spill = Spill::in_memory();
    let mut known = Known::default();
    for x in extractions {
        known.add(&x.entities, lex);
        spill.push(&x);
    }
    // Only a stop request (`cancel`) ends resolving early, and then there is nothing.
    let Ok((entities, mut relations, _)) = resolve_spilled(&mut spill, known, lex, None, 1) else {
        return (Vec::new(), Vec::new());
    };
    relations.sort_by(|x, y| {
        (x.rel_type, &x.source, &x.target).cmp(&(y.rel_type, &y.source, &y.target))
    });
    (entities.into_iter().map(|e| e.0).collect(), relations)
}

/// The first pass of resolution, made while the extractions come (in any order: it is a
/// union of sets): the countries each organization (by base name) is known with, and the
/// organizations defining each acronym. Merge keys need it all before the first is made.
#[derive(Default)]
pub(crate) struct Known {
    /// organizations with a country, by base key → countries
    org_countries: BTreeMap<String, BTreeSet<String>>,
    /// acronym → (base key, country) of the organizations defining it
    acronym_owners: BTreeMap<String, BTreeSet<(String, String)>>,
    /// organization name → `base_key` (few distinct names, many mentions)
    bases: HashMap<String, String>,
}

impl Known {
    /// Add the organizations among one extraction's entities.
    pub fn add(&mut self, entities: &[LocalEntity], lex: &Lexicon) {
        let orgs = entities
            .iter()
            .filter(|e| e.label == Label::Organization && !is_acronym_only(&e.name));
        for e in orgs {
            let base = match self.bases.get(&e.name) {
                Some(b) => b.clone(),
                None => {
                    let b = base_key(&e.name, lex);
                    self.bases.insert(e.name.clone(), b.clone());
                    b
                }
            };
            if let Some(c) = &e.country {
                let countries = match self.org_countries.get_mut(&base) {
                    Some(countries) => countries,
                    None => self.org_countries.entry(base.clone()).or_default(),
                };
                if !countries.contains(c) {
                    countries.insert(c.clone());
                }
            }
            for a in &e.acronyms {
                let country = e.country.clone().unwrap_or_default();
                self.acronym_owners
                    .entry(a.clone())
                    .or_default()
                    .insert((base.clone(), country.clone()));
                // `MOST Viet Nam` also defines `MOST` in Viet Nam.
                if let Some((first, rest)) = a.split_once(' ') {
                    if let Some((idx, _)) = lex.country(rest) {
                        let c = if country.is_empty() {
                            lex.country_name(idx).to_string()
                        } else {
                            country
                        };
                        self.acronym_owners
                            .entry(first.to_string())
                            .or_default()
                            .insert((base.clone(), c));
                    }
                }
            }
        }
    }
}

/// [`resolve`] over spilled extractions, in the order of `spill.entries` (sorted by
/// document id by the caller), with `known` made from all of them (a record that cannot be
/// read back is left out of the graph, but its organizations stay known). Each pass reads the records back a batch at a time (decoded
/// on `threads` threads, merged in order on the calling one), so memory holds the entities
/// and relations being built, not the extractions. With a `store`, the
/// relations' evidence is written there, and the pieces come as `(relation, piece)` pairs
/// (a relation's `evidence` is left empty), and each entity with its sources as indices of
/// `spill.entries` (its `sources` left empty; the store's documents are those entries);
/// without, the evidence and sources are in the relations and entities. The relations are
/// in no particular order.
#[allow(clippy::type_complexity)]
pub(crate) fn resolve_spilled(
    spill: &mut Spill,
    known: Known,
    lex: &Lexicon,
    mut store: Option<&mut EvidenceStore>,
    threads: usize,
) -> io::Result<(Vec<(Entity, Vec<u32>)>, Vec<Relation>, Vec<(u32, Piece)>)> {
    // Each pass reads the records back with `each_record`: the result is the same for any
    // thread count. Records that cannot be read are left out, and kept as errors.
    let mut failed: Vec<(usize, io::Error)> = Vec::new();
    let n = spill.len();
    let reader = &*spill;
    // Pass 1 (`Known`) was made while the records were written.
    let Known {
        org_countries,
        acronym_owners,
        bases,
    } = known;
    // Pass 2: a merge key for every local entity, and the groups of equal keys. Keys are
    // interned (`key_ids`); each document keeps the group of each of its entities.
    let key_of_entity = |xi: usize, i: usize, e: &LocalEntity| -> String {
        let doc = &reader.entries[xi].doc;
        let stem = doc.rsplit_once('.').map(|p| p.0).unwrap_or(doc);
        let base_of = |name: &str| match bases.get(name) {
            Some(b) => b.clone(),
            None => base_key(name, lex),
        };
        match e.label {
            Label::Organization => {
                if is_acronym_only(&e.name) {
                    let owners: Vec<&(String, String)> = acronym_owners
                        .get(&e.name)
                        .map(|s| {
                            s.iter()
                                .filter(|(_, c)| e.country.as_deref().is_none_or(|ec| ec == c))
                                .collect()
                        })
                        .unwrap_or_default();
                    let distinct: BTreeSet<&String> = owners.iter().map(|o| &o.0).collect();
                    if distinct.len() == 1 {
                        let (base, c) = owners[0];
                        org_key(
                            base,
                            if c.is_empty() { None } else { Some(c.as_str()) },
                            &org_countries,
                        )
                    } else {
                        format!(
                            "org|acr:{}|{}",
                            e.name,
                            e.country.clone().unwrap_or_default()
                        )
                    }
                } else {
                    org_key(&base_of(&e.name), e.country.as_deref(), &org_countries)
                }
            }
            Label::Event if !e.named => format!("event|unnamed|{stem}|{i}"),
            Label::Country => format!(
                "country|{}",
                lex.country(&e.name)
                    .map(|c| lex.country_name(c.0).to_string())
                    .unwrap_or_else(|| e.name.clone())
            ),
            Label::Person => format!("person|{}", fold(&e.name)),
            // A described or generic agreement (`memorandum of understanding`) is its
            // article's own: the same words in two articles are two instruments.
            Label::Agreement
                if e.name.starts_with(char::is_lowercase) || lex.is_agreement_phrase(&e.name) =>
            {
                format!("agreement|{stem}|{}", key_of(&e.name))
            }
            l => format!("{}|{}", l.slug(), key_of(&e.name)),
        }
    };
    let mut key_ids: HashMap<String, usize> = HashMap::default();
    let mut groups: Vec<(String, Group)> = Vec::new();
    let mut keys: Vec<Vec<usize>> = Vec::with_capacity(n);
    each_record(
        threads,
        n,
        &mut failed,
        |xi| {
            reader.read_entities(xi).map(|(_, entities)| {
                (entities.into_iter().enumerate())
                    .map(|(i, e)| (key_of_entity(xi, i, &e), e))
                    .collect::<Vec<_>>()
            })
        },
        |xi, keyed| {
            let doc = &reader.entries[xi].doc;
            let mut doc_keys = Vec::with_capacity(keyed.len());
            for (key, e) in keyed {
                let gi = match key_ids.get(&key) {
                    Some(&gi) => gi,
                    None => {
                        key_ids.insert(key.clone(), groups.len());
                        groups.push((key, Group::default()));
                        groups.len() - 1
                    }
                };
                doc_keys.push(gi);
                // The local entity is moved into its group.
                let g = &mut groups[gi].1;
                g.label = Some(e.label);
                *g.names.entry(e.name).or_default() += 1;
                g.aliases.extend(e.aliases);
                g.acronyms.extend(e.acronyms);
                let doc_index = u32::try_from(xi).expect("fewer than 2^32 documents");
                if g.sources.last() != Some(&doc_index) {
                    g.sources.push(doc_index);
                }
                if g.country.is_none() {
                    g.country = e.country;
                }
                if g.date.is_none() {
                    g.date = e.date;
                }
                if g.place.is_none() {
                    g.place = e.place;
                }
                g.named |= e.named;
                if !e.named {
                    g.unnamed_key = Some(doc.clone());
                }
            }
            keys.push(doc_keys);
        },
    )?;
    drop(key_ids);
    // Groups in key order (as a map of keys would give them): entity `k` is group `order[k]`.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| groups[a].0.cmp(&groups[b].0));
    let mut entity_of = vec![0; groups.len()];
    for (k, &gi) in order.iter().enumerate() {
        entity_of[gi] = k;
    }
    // Pass 3: canonical names and ids.
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut entities = Vec::with_capacity(groups.len());
    let mut entity_sources = Vec::with_capacity(groups.len());
    // The name and id stem of each group are worked out on `threads` threads; the ids are
    // made unique here, in key order.
    let named = |g: Group| {
        let label = g.label.expect("group has a label");
        // A full name over an acronym; for organizations the form without a country
        // qualifier (`Ministry of X` over `Ministry of X of China`); then the most frequent
        // written form, the longer, the smaller.
        // (Each form is ranked once; no two rank the same, as the forms differ.)
        let name = g
            .names
            .iter()
            .max_by_key(|&(n, &count)| {
                let base_form = label == Label::Organization && key_of(n) == base_key(n, lex);
                (
                    !is_acronym_only(n),
                    base_form,
                    count,
                    n.len(),
                    std::cmp::Reverse(n),
                )
            })
            .map(|n| n.0.clone())
            .unwrap_or_default();
        let mut base = format!("{}:{}", label.slug(), slug(&name));
        if label == Label::Organization {
            if let Some(c) = &g.country {
                let cs = slug(c);
                if !base.ends_with(&cs) {
                    base = format!("{base}:{cs}");
                }
            }
        }
        if let Some(doc) = &g.unnamed_key {
            if !g.named {
                let stem = doc.rsplit_once('.').map(|p| p.0).unwrap_or(doc);
                base = format!("event:{}:talks", slug(stem));
            }
        }
        (g, label, name, base)
    };
    let in_key_order = order
        .into_iter()
        .map(|gi| std::mem::take(&mut groups[gi].1));
    in_order(threads, in_key_order, named, |(g, label, name, base)| {
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        let mut aliases: BTreeSet<String> = g.names.into_keys().collect();
        aliases.extend(g.aliases);
        aliases.extend(g.acronyms);
        aliases.remove(&name);
        entities.push(Entity {
            id,
            label,
            name,
            named: g.named,
            aliases,
            // With a store, the sources stay document indices until they are read.
            sources: match store {
                Some(_) => BTreeSet::new(),
                None => (g.sources.iter())
                    .map(|&i| reader.entries[i as usize].doc.clone())
                    .collect(),
            },
            country: g.country,
            date: g.date,
            place: g.place,
        });
        entity_sources.push(if store.is_some() {
            g.sources
        } else {
            Vec::new()
        });
        Ok(())
    })?;
    drop((used, groups));
    // Pass 4: relations, merged by (type, source, target), their evidence moved in. The
    // evidence of one document shares one copy of its id and of each sentence. It is
    // collected one document id at a time (`pending`), sorted, and then either added to the
    // relations or, with a `store`, written out as one piece per relation (see `evidence`).
    // Each relation once, at the position `rel_index` gives for its key: no map holds the
    // relations themselves (they are the bulk of the memory at the end of a build).
    // One shared copy of each id for all the relations that use it (allocated here, before
    // the churn of this pass, so that long-lived ids do not pin its freed memory).
    let ids: Vec<Arc<str>> = entities.iter().map(|e| Arc::from(e.id.as_str())).collect();
    let mut rel_index: HashMap<(RelType, usize, usize), usize> = HashMap::default();
    let mut relations: Vec<Relation> = Vec::new();
    // The stored pieces: (relation, piece), in document order.
    let mut pieces: Vec<(u32, Piece)> = Vec::new();
    let mut pending: Vec<((RelType, usize, usize), Evidence, u32)> = Vec::new();
    // The relations of the pieces staged for the store, in staging order.
    let mut staged: Vec<usize> = Vec::new();
    each_record(
        threads,
        n,
        &mut failed,
        |xi| {
            // Each relation with the key it merges under (entity indices, a symmetric one's
            // in id order), in the document's order; none between an entity and itself.
            let doc_keys = &keys[xi];
            reader.read_relations(xi).map(|relations| {
                (relations.into_iter())
                    .filter_map(|r| {
                        let a = entity_of[*doc_keys.get(r.source)?];
                        let b = entity_of[*doc_keys.get(r.target)?];
                        let (a, b) = if r.rel_type.is_symmetric() && entities[b].id < entities[a].id
                        {
                            (b, a)
                        } else {
                            (a, b)
                        };
                        (entities[a].id != entities[b].id).then_some(((r.rel_type, a, b), r))
                    })
                    .collect::<Vec<_>>()
            })
        },
        |xi, keyed| {
            let entry = &reader.entries[xi];
            let doc: Arc<str> = entry.doc.as_str().into();
            let mut sentences: Vec<Arc<str>> = Vec::new();
            // The document's metadata, shared by all its evidence.
            let shared = |s: &Option<String>| s.as_deref().map(Arc::<str>::from);
            let (url, title, source) = (
                shared(&entry.url),
                shared(&entry.title),
                shared(&entry.source),
            );
            // The store's documents are the entries, in order (`Entity` sources refer to them).
            let doc_index = match store.as_deref_mut() {
                Some(store) => store.add_doc(DocRef {
                    doc: doc.clone(),
                    url: url.clone(),
                    title: title.clone(),
                    source: source.clone(),
                }),
                None => 0,
            };
            debug_assert!(store.is_none() || doc_index as usize == xi);
            for (key, r) in keyed {
                let (rel_type, a, b) = key;
                let at = *rel_index.entry(key).or_insert_with(|| {
                    relations.push(Relation {
                        rel_type,
                        source: ids[a].clone(),
                        target: ids[b].clone(),
                        title: None,
                        date: None,
                        evidence: BTreeSet::new(),
                    });
                    relations.len() - 1
                });
                let rel = &mut relations[at];
                if rel.title.is_none() {
                    rel.title = r.title;
                }
                if let Some(d) = r.date {
                    if rel.date.as_ref().is_none_or(|x| &d < x) {
                        rel.date = Some(d);
                    }
                }
                let mut ev = r.evidence;
                // In memory, the evidence shares one copy of its document id and of each
                // sentence (a store writes them out instead).
                if store.is_none() {
                    if ev.doc == doc {
                        ev.doc = doc.clone();
                    }
                    match sentences.iter().find(|s| **s == ev.sentence) {
                        Some(s) => ev.sentence = s.clone(),
                        None => sentences.push(ev.sentence.clone()),
                    }
                }
                ev.url = url.clone();
                ev.title = title.clone();
                ev.source = source.clone();
                pending.push((key, ev, doc_index));
            }
            // The last record of this document id: its evidence goes to the relations.
            if (reader.entries.get(xi + 1)).is_none_or(|next| *next.doc != *doc) {
                pending.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
                pending.dedup_by(|y, x| x.0 == y.0 && x.1 == y.1);
                let mut rest = &pending[..];
                while let Some(first) = rest.first() {
                    let n = rest.iter().take_while(|p| p.0 == first.0).count();
                    let (piece, after) = rest.split_at(n);
                    let at = rel_index[&first.0];
                    match store.as_deref_mut() {
                        Some(store) => {
                            store.stage(piece.iter().map(|p| (p.2, &p.1)));
                            staged.push(at);
                        }
                        None => relations[at]
                            .evidence
                            .extend(piece.iter().map(|p| p.1.clone())),
                    }
                    rest = after;
                }
                if let Some(store) = store.as_deref_mut() {
                    for (at, piece) in staged.drain(..).zip(store.write_staged()) {
                        let at = u32::try_from(at).expect("fewer than 2^32 relations");
                        pieces.push((at, piece));
                    }
                }
                pending.clear();
            }
        },
    )?;
    drop((rel_index, keys, ids));
    for (i, e) in failed {
        spill.error(i, e);
    }
    // The relations are most of the memory from here on: no spare room for more.
    relations.shrink_to_fit();
    pieces.shrink_to_fit();
    Ok((
        entities.into_iter().zip(entity_sources).collect(),
        relations,
        pieces,
    ))
}

/// Read the `n` spilled records with `read` (decoding and preparing each) on `threads`
/// threads, and hand the results to `merge` in document order. A record that cannot be
/// read is kept in `failed` and merged as nothing. Fails only on a stop request (`cancel`).
fn each_record<T: Send + Default>(
    threads: usize,
    n: usize,
    failed: &mut Vec<(usize, io::Error)>,
    read: impl Fn(usize) -> io::Result<T> + Sync,
    mut merge: impl FnMut(usize, T),
) -> io::Result<()> {
    in_order(
        threads,
        0..n,
        |i| (i, read(i)),
        |(i, record)| {
            let record = record.unwrap_or_else(|e| {
                failed.push((i, e));
                T::default()
            });
            merge(i, record);
            Ok(())
        },
    )
}

fn is_acronym_only(name: &str) -> bool {
    !name.contains(' ')
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
}

/// An organization's name without a leading demonym/country and a trailing `of <Country>`.
fn base_key(name: &str, lex: &Lexicon) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if let Some(first) = words.first() {
        let f = first.trim_end_matches("'s");
        if words.len() > 2 && lex.country(f).is_some() {
            words.remove(0);
        }
    }
    // trailing `of [the] <country words>`
    for k in 2..words.len() {
        if words[k] == "of" {
            let mut rest = &words[k + 1..];
            if rest.first() == Some(&"the") {
                rest = &rest[1..];
            }
            if !rest.is_empty() && lex.country(&rest.join(" ")).is_some() {
                words.truncate(k);
                break;
            }
        }
    }
    key_of(&words.join(" "))
}

fn org_key(
    base: &str,
    country: Option<&str>,
    org_countries: &BTreeMap<String, BTreeSet<String>>,
) -> String {
    let country = match country {
        Some(c) => Some(c.to_string()),
        None => org_countries
            .get(base)
            .filter(|s| s.len() == 1)
            .and_then(|s| s.iter().next().cloned()),
    };
    format!("org|{base}|{}", country.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::LocalRelation;

    fn entity(label: Label, name: &str, country: Option<&str>) -> LocalEntity {
        LocalEntity {
            label,
            name: name.into(),
            named: label != Label::Event,
            aliases: Default::default(),
            acronyms: Default::default(),
            country: country.map(Into::into),
            date: None,
            place: None,
        }
    }

    /// Document `i` of a small corpus whose people, organizations and meetings recur.
    fn extraction(i: usize) -> Extraction {
        let doc = format!("d{i:03}.txt");
        let people = [
            "Ana Ruiz",
            "Li Wei",
            "Omar Haddad",
            "Eva Novak",
            "Kim Min-ji",
        ];
        let mut org = entity(
            Label::Organization,
            "Ministry of Science and Technology",
            (i % 3 == 0).then_some("China"),
        );
        if i % 4 == 0 {
            org.acronyms.insert("MOST".into());
        }
        let entities = vec![
            entity(Label::Person, people[i % 5], None),
            entity(Label::Person, people[(i * 3 + 1) % 5], None),
            org,
            entity(Label::Organization, "MOST", None),
            entity(Label::Event, "talks", None),
        ];
        let relation = |rel_type, source, target| LocalRelation {
            rel_type,
            source,
            target,
            title: None,
            date: None,
            evidence: Evidence {
                doc: doc.as_str().into(),
                start: i,
                end: i + 10,
                sentence: format!("Sentence {i}.").into(),
                ..Evidence::default()
            },
        };
        Extraction {
            doc: doc.clone(),
            date: None,
            entities,
            relations: vec![
                relation(RelType::MetWith, 0, 1),
                relation(RelType::AffiliatedWith, 0, 3),
                relation(RelType::Attended, 1, 4),
            ],
            title: None,
            url: None,
            source: None,
        }
    }

    fn resolved(
        threads: usize,
        damaged: Option<usize>,
    ) -> (Vec<Entity>, Vec<Relation>, Vec<String>) {
        let lex = Lexicon::builtin().unwrap();
        let mut spill = Spill::in_memory();
        let mut known = Known::default();
        for i in 0..1500 {
            let x = extraction(i);
            known.add(&x.entities, &lex);
            spill.push(&x);
        }
        if let Some(i) = damaged {
            spill.damage(i);
        }
        let (entities, mut relations, _) =
            resolve_spilled(&mut spill, known, &lex, None, threads).unwrap();
        relations.sort_by(|x, y| {
            (x.rel_type, &x.source, &x.target).cmp(&(y.rel_type, &y.source, &y.target))
        });
        let entities = entities.into_iter().map(|e| e.0).collect();
        (entities, relations, spill.take_errors())
    }

    #[test]
    fn the_thread_count_changes_nothing() {
        let one = resolved(1, None);
        assert!(one
            .0
            .iter()
            .any(|e| e.id == "organization:ministry-of-science-and-technology:china"));
        assert!(one.1.iter().any(|r| r.rel_type == RelType::MetWith));
        assert!(one.2.is_empty());
        assert_eq!(resolved(2, None), one);
        assert_eq!(resolved(3, None), one);
    }

    #[test]
    fn an_unreadable_record_is_left_out_once() {
        let (entities, relations, errors) = resolved(2, Some(7));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("d007.txt: "), "{errors:?}");
        // Its unnamed event (one per document) and its relations are gone, the rest is not.
        assert!(!entities.iter().any(|e| e.id == "event:d007:talks"));
        assert!(entities.iter().any(|e| e.id == "event:d008:talks"));
        let evidence_docs: BTreeSet<&str> = relations
            .iter()
            .flat_map(|r| r.evidence.iter().map(|e| &*e.doc))
            .collect();
        assert!(!evidence_docs.contains("d007.txt"));
        assert_eq!(evidence_docs.len(), 1499);
        assert_eq!(resolved(1, Some(7)), (entities, relations, errors));
    }
}
