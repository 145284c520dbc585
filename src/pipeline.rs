//! The build pipeline: inputs → documents → extractions → resolved graph.
//!
//! This is the library's façade for `newsgraph build`: it does no printing; bad inputs
//! come back as diagnostics and the rest of the corpus is still processed.

use crate::extract::{extract, Extraction};
use crate::graph::KnowledgeGraph;
use crate::input::{self, Diagnostic, Source};
use crate::lexicon::Lexicon;
use crate::resolve::resolve;
use std::path::PathBuf;

/// What a build read and produced.
#[derive(Debug, Default)]
pub struct BuildStats {
    pub documents: usize,
    pub skipped: usize,
    pub words: usize,
}

/// Read, extract and resolve every input.
pub fn build(inputs: &[PathBuf], lex: &Lexicon) -> (KnowledgeGraph, BuildStats, Vec<Diagnostic>) {
    let (sources, mut diags) = input::collect(inputs);
    let mut stats = BuildStats::default();
    let mut extractions: Vec<Extraction> = Vec::with_capacity(sources.len());
    let mut seen_ids = std::collections::BTreeSet::new();
    for source in &sources {
        match input::read(source) {
            Ok((doc, warnings)) => {
                diags.extend(warnings);
                if !seen_ids.insert(doc.id.clone()) {
                    let shown = match source {
                        Source::File(p) => p.display().to_string(),
                        Source::Stdin => "standard input".into(),
                    };
                    diags.push(Diagnostic::warning(format!(
                        "{shown}: another input has the same document id '{}'; their facts are merged under it",
                        doc.id
                    )));
                }
                stats.documents += 1;
                stats.words += doc.text.split_whitespace().count();
                extractions.push(extract(&doc, lex));
            }
            Err(d) => {
                stats.skipped += 1;
                diags.push(d);
            }
        }
    }
    let (entities, relations) = resolve(extractions, lex);
    let (graph, dropped) = KnowledgeGraph::new(entities, relations);
    debug_assert!(
        dropped.is_empty(),
        "resolve only relates entities it created"
    );
    (graph, stats, diags)
}
