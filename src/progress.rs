//! What `build` and `extract` say on standard error while they run (part of the binary,
//! like `cli.rs`): the progress bar, diagnostics, `--verbose` notes and the closing summary.
//!
//! - The progress bar (documents done/total, words/s, ETA; indicatif) is drawn only when
//!   standard error is a terminal and not `-q`. It never touches standard output.
//! - `-q`: no bar, no summary; `-qq`: no warnings either. Errors are always printed.
//! - `-v`: a note for every document read and the time of each phase.
//! - Colour only on a terminal, and never when `NO_COLOR` is set (`render::Style`'s rule).
//!
//! The library reports progress through `pipeline::Observer`; this module implements it.

use crate::cli::Verbosity;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::input::Diagnostic;
use newsgraph::pipeline::{BuildStats, Item, Observer};
use newsgraph::query::render::Style;
use std::cell::Cell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The messages of one run. All methods take `&self`, so the pipeline's observer (`&Messages`)
/// and the code that prints diagnostics can share it.
pub struct Messages {
    quiet: u8,
    verbose: u8,
    style: Style,
    /// Draw a bar (stderr is a terminal and not quiet).
    draw: bool,
    /// Hidden until `started` (and for good unless `draw`).
    bar: ProgressBar,
    started: Instant,
    words: Cell<usize>,
}

impl Messages {
    /// The messages of a run over `inputs`. No bar is drawn while someone may be typing an
    /// article into standard input (`-` with a terminal as standard input).
    pub fn new(v: &Verbosity, inputs: &[PathBuf]) -> Messages {
        let terminal = std::io::stderr().is_terminal();
        let typing = std::io::stdin().is_terminal() && inputs.iter().any(|p| p.as_os_str() == "-");
        Messages {
            quiet: v.quiet,
            verbose: v.verbose,
            style: Style::on_terminal(terminal),
            draw: terminal && v.quiet == 0 && !typing,
            bar: ProgressBar::hidden(),
            started: Instant::now(),
            words: Cell::new(0),
        }
    }

    /// Print a line on stderr, above the progress bar if there is one.
    fn print(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Print a diagnostic (unless it is a warning and `-qq`); true when it is an error.
    pub fn diagnostic(&self, d: &Diagnostic) -> bool {
        if d.error {
            self.error(&d.message);
        } else {
            self.warning(&d.message);
        }
        d.error
    }

    pub fn error(&self, message: &str) {
        self.print(&format!(
            "newsgraph: {}: {message}",
            self.style.paint("1;31", "error")
        ));
    }

    pub fn warning(&self, message: &str) {
        if self.quiet < 2 {
            self.print(&format!(
                "newsgraph: {}: {message}",
                self.style.paint("33", "warning")
            ));
        }
    }

    /// A `--verbose` note.
    pub fn note(&self, message: impl FnOnce() -> String) {
        if self.verbose > 0 {
            self.print(&format!("newsgraph: note: {}", message()));
        }
    }

    /// What the bar says while it waits for something other than documents.
    pub fn status(&self, message: &'static str) {
        if self.draw {
            self.bar.set_message(message);
        }
    }

    /// Remove the progress bar (before the summary).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// The closing summary of a build: documents, words, nodes and relations (by label and
    /// type), where, how long. With `-v`, the time of each phase first.
    pub fn build_summary(
        &self,
        stats: &BuildStats,
        graph: &KnowledgeGraph,
        out: &Path,
        export_time: Duration,
    ) {
        self.finish();
        self.note(|| {
            format!(
                "read and extracted in {:.2} s, resolved in {:.2} s, exported in {:.2} s",
                stats.extract_time.as_secs_f64(),
                stats.resolve_time.as_secs_f64(),
                export_time.as_secs_f64()
            )
        });
        if self.quiet > 0 {
            return;
        }
        let headline = format!(
            "{}, {} skipped, {}; {}, {} written to {} ({:.2} s)",
            count(stats.documents, "document read", "documents read"),
            stats.skipped,
            count(stats.words, "word", "words"),
            count(graph.node_count(), "node", "nodes"),
            count(graph.edge_count(), "relationship", "relationships"),
            out.display(),
            self.started.elapsed().as_secs_f64()
        );
        let labels = graph
            .label_counts()
            .iter()
            .map(|(l, n)| format!("{n} {}", l.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let types = graph
            .type_counts()
            .iter()
            .map(|(t, n)| format!("{n} {}", t.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        eprintln!("newsgraph: {}", self.style.paint("1", &headline));
        eprintln!("  nodes:         {labels}");
        eprintln!("  relationships: {types}");
    }

    /// The closing line of `extract` (only with `-v`: its standard output is the data, and
    /// it often runs many times in parallel).
    pub fn extract_summary(&self, documents: usize, skipped: usize) {
        self.finish();
        self.note(|| {
            format!(
                "{}, {skipped} skipped, {} ({:.2} s)",
                count(documents, "document extracted", "documents extracted"),
                count(self.words.get(), "word", "words"),
                self.started.elapsed().as_secs_f64()
            )
        });
    }

    fn words_per_second(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        if secs <= 0.0 {
            return String::new();
        }
        let rate = self.words.get() as f64 / secs;
        if rate >= 1e6 {
            format!("{:.1} M words/s", rate / 1e6)
        } else if rate >= 1e3 {
            format!("{:.0} k words/s", rate / 1e3)
        } else {
            format!("{rate:.0} words/s")
        }
    }
}

/// `1 node`, `2 nodes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Observer for &Messages {
    fn started(&mut self, total: Option<usize>) {
        if !self.draw {
            return;
        }
        let template = match (total, self.style.color) {
            (Some(_), true) => "{spinner:.green} [{bar:30.cyan/blue}] {human_pos}/{human_len} documents  {msg}  ETA {eta}",
            (Some(_), false) => "{spinner} [{bar:30}] {human_pos}/{human_len} documents  {msg}  ETA {eta}",
            (None, _) => "{spinner} {human_pos} documents  {msg}  {elapsed}",
        };
        let style = ProgressStyle::with_template(template)
            .expect("the templates are valid")
            .progress_chars("=> ");
        // The bar was created hidden; it becomes visible here, once its length is known.
        if let Some(n) = total {
            self.bar.set_length(n as u64);
        }
        self.bar.set_style(style);
        self.bar.reset_elapsed();
        self.bar.set_draw_target(ProgressDrawTarget::stderr());
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Document {
                extraction,
                words,
                origin,
            } => {
                self.words.set(self.words.get() + words);
                self.note(|| {
                    format!(
                        "{origin}: {words} words, {} entities, {} relations",
                        extraction.entities.len(),
                        extraction.relations.len()
                    )
                });
                self.bar.inc(1);
            }
            Item::Skipped(_) => self.bar.inc(1),
            Item::Note(_) => {}
        }
        if self.draw {
            self.bar.set_message(self.words_per_second());
        }
    }

    fn resolving(&mut self) {
        if self.draw {
            self.bar.set_message("resolving…");
        }
    }
}
