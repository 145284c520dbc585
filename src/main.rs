//! The `newsgraph` binary: parses arguments, calls the library, prints, maps errors to exit
//! codes (0 success, 1 no path, 2 error).

mod cli;
mod progress;

use anyhow::Context;
use clap::{CommandFactory, Parser};
use cli::{Cli, Command};
use newsgraph::pipeline;
use newsgraph::query::{self, render, Filters, PathMode};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build makes and frees many small strings on
/// several threads, where glibc's malloc spent a fifth of the time and kept the memory
/// freed by one phase (per-thread arenas) while the next grew (see README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Give memory that is freed back to the system at once, and commit arena memory only when
/// it is used: a build's phases (extract, resolve, export) free much and then allocate
/// elsewhere, so that keeps the peak resident memory near what is live. The numbers are
/// mimalloc 3's `mi_option_arena_eager_commit` and `mi_option_purge_delay` (`mimalloc.h`;
/// the crate names only some options).
fn tune_allocator() {
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is a plain store in mimalloc's option table.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => run_build(args),
        Command::Extract(args) => run_extract(args),
        Command::Path(args) => run_path(args),
        Command::Show(args) => run_show(args),
        Command::Neighbors(args) => run_neighbors(args),
        Command::Find(args) => run_find(args),
        Command::Stats(args) => run_stats(args),
        Command::Eval(args) => run_eval(args),
        Command::Lexicon(cmd) => run_lexicon(cmd),
        Command::Schema { json: false } => emit(ExitCode::SUCCESS, |w| {
            w.write_all(newsgraph::model::GRAPH_SCHEMA.as_bytes())
        }),
        Command::Schema { json: true } => emit(ExitCode::SUCCESS, |w| {
            writeln!(w, "{}", newsgraph::export::schema_json())
        }),
        Command::Completions { shell } => emit(ExitCode::SUCCESS, |w| {
            clap_complete::generate(shell, &mut Cli::command(), "newsgraph", w);
            Ok(())
        }),
        Command::Man { out } => run_man(out.as_deref()),
        Command::View(args) => run_view(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsgraph: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Exit status after SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C).
const INTERRUPTED: u8 = 130;

/// Make SIGINT and SIGTERM ask the library to stop (`newsgraph::cancel`): a build stops at
/// the next document or buffer flush, removes its temporary folder and exits 130. A second
/// signal exits at once.
fn stop_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let flag = newsgraph::cancel::flag();
    for sig in [SIGINT, SIGTERM] {
        // The first registration exits if the flag is already set (second signal).
        let _ =
            signal_hook::flag::register_conditional_shutdown(sig, INTERRUPTED.into(), flag.clone());
        let _ = signal_hook::flag::register(sig, flag.clone());
    }
}

/// The message and status of a stopped command.
fn interrupted(out: Option<&Path>) -> ExitCode {
    match out {
        Some(out) => eprintln!("newsgraph: interrupted; {} left as it was", out.display()),
        None => eprintln!("newsgraph: interrupted"),
    }
    ExitCode::from(INTERRUPTED)
}

fn run_build(args: cli::BuildArgs) -> anyhow::Result<ExitCode> {
    let msgs = progress::Messages::new(&args.verbosity, &args.inputs);
    stop_on_signals();
    let lex = newsgraph::lexicon::Lexicon::load(args.lexicon.as_deref())?;
    newsgraph::export::check_out(&args.out, &args.inputs)?;
    let opts = pipeline::Options {
        jobs: args.jobs.get(),
        format: args.input.get(),
    };
    let (graph, stats, diags) = if args.from_extracted {
        pipeline::build_from_extracted_observed(&args.inputs, &lex, opts, &mut &msgs)
    } else {
        pipeline::build_observed(&args.inputs, &lex, opts, &mut &msgs)
    };
    let mut failed = false;
    for d in &diags {
        failed |= msgs.diagnostic(d);
    }
    if newsgraph::cancel::requested() {
        return Ok(interrupted(Some(&args.out)));
    }
    msgs.status("writing the exports…");
    let exporting = std::time::Instant::now();
    let report = pipeline::with_threads(opts.jobs, || {
        newsgraph::export::write(&graph, &args.out, &args.format)
    });
    msgs.finish();
    let report = match report {
        Err(_) if newsgraph::cancel::requested() => return Ok(interrupted(Some(&args.out))),
        r => r?,
    };
    for w in &report.warnings {
        msgs.warning(w);
    }
    msgs.build_summary(&stats, &graph, &args.out, exporting.elapsed());
    // The process ends now: freeing the graph piece by piece would only cost time.
    std::mem::forget(graph);
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `newsgraph extract`: one extraction record per document on stdout, in input order,
/// diagnostics on stderr as they come. A reader that went away (broken pipe) is success.
fn run_extract(args: cli::ExtractArgs) -> anyhow::Result<ExitCode> {
    let msgs = progress::Messages::new(&args.verbosity, &args.inputs);
    stop_on_signals();
    let lex = newsgraph::lexicon::Lexicon::load(args.lexicon.as_deref())?;
    let opts = pipeline::Options {
        jobs: args.jobs.get(),
        format: args.input.get(),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = false;
    let (mut documents, mut skipped) = (0, 0);
    let written =
        pipeline::extract_each_observed(&args.inputs, &lex, opts, &mut &msgs, |item| match item {
            pipeline::Item::Document {
                extraction, words, ..
            } => {
                documents += 1;
                newsgraph::records::write_line(&mut out, &extraction, words)
            }
            pipeline::Item::Skipped(d) => {
                skipped += 1;
                failed |= msgs.diagnostic(&d);
                Ok(())
            }
            pipeline::Item::Note(d) => {
                failed |= msgs.diagnostic(&d);
                Ok(())
            }
        })
        .and_then(|()| out.flush());
    msgs.finish();
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(_) if newsgraph::cancel::requested() => return Ok(interrupted(None)),
        Err(e) => return Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
    msgs.extract_summary(documents, skipped);
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `newsgraph lexicon dump DIR` / `newsgraph lexicon list`.
fn run_lexicon(cmd: cli::LexiconCommand) -> anyhow::Result<ExitCode> {
    use newsgraph::lexicon;
    match cmd {
        cli::LexiconCommand::Dump { dir, force } => {
            let written = lexicon::dump(&dir, force)?;
            eprintln!(
                "newsgraph: {} dictionary files written to {}; use them with --lexicon {}",
                written.len(),
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        cli::LexiconCommand::List => emit(ExitCode::SUCCESS, |w| {
            for (name, rows) in lexicon::builtin_files() {
                writeln!(w, "{name:<24}{rows:>6}")?;
            }
            Ok(())
        }),
    }
}

/// `newsgraph man`: the page of `newsgraph` on stdout, or with `--out DIR` one page per
/// command (`newsgraph.1`, `newsgraph-build.1`, `newsgraph-lexicon-dump.1`, …) written into
/// DIR. Like `clap_mangen::generate_to`, the `help` subcommand gets no page.
fn run_man(out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(dir) = out else {
        let mut cmd = Cli::command().disable_help_subcommand(true);
        cmd.build();
        return emit(ExitCode::SUCCESS, |w| clap_mangen::Man::new(cmd).render(w));
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
    eprintln!("newsgraph: man pages written to {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

// ---- queries: parse, call the library, print. ----

/// Exit status when a query finds nothing (like grep).
const NOT_FOUND: u8 = 1;

fn load(dir: &Path) -> anyhow::Result<query::QueryGraph> {
    let kg = query::load_graph(dir)?;
    for w in kg.warnings() {
        eprintln!("newsgraph: warning: {}: {w}", dir.display());
    }
    Ok(kg)
}

/// Run `print` on a buffered, locked stdout; a reader that went away (broken pipe) is
/// success, with the status the query had.
fn emit(
    code: ExitCode,
    print: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match print(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(code),
        // A record of a lazily loaded graph could not be read: nothing was printed.
        Err(e) if e.get_ref().is_some_and(|i| i.is::<query::GraphReadError>()) => {
            Err(anyhow::Error::new(e).context("cannot read the graph"))
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

fn run_path(args: cli::PathArgs) -> anyhow::Result<ExitCode> {
    let kg = load(&args.graph.graph)?;
    let from = query::resolve(&kg, &args.from, args.first)?;
    let to = query::resolve(&kg, &args.to, args.first)?;
    let filters = Filters {
        directed: args.directed,
        via: args.via,
        not_via: args.not_via,
        through: args.through,
        dates: args.dates.range(),
        max_hops: args.max_hops,
    };
    let mode = match (args.all, args.k) {
        (true, _) => PathMode::All { limit: args.limit },
        (false, Some(k)) => PathMode::K(k as usize),
        (false, None) => PathMode::Shortest,
    };
    let set = query::find_paths(&kg, from, to, &filters, mode);
    let code = if set.paths.is_empty() {
        if !args.json.json && !args.dot {
            eprintln!(
                "newsgraph: no path between {} and {}{}",
                kg.name(from),
                kg.name(to),
                if filters == Filters::default() {
                    ""
                } else {
                    " with these filters"
                }
            );
        }
        ExitCode::from(NOT_FOUND)
    } else {
        ExitCode::SUCCESS
    };
    let report = render::PathReport {
        kg: &kg,
        from,
        to,
        set: &set,
        mode,
        filters: &filters,
        evidence: args.evidence,
    };
    emit(code, |w| {
        if args.json.json {
            render::path_json(w, &report)
        } else if args.dot {
            render::path_dot(w, &report)
        } else {
            render::path_text(w, &report, render::Style::auto())
        }
    })
}

fn run_show(args: cli::ShowArgs) -> anyhow::Result<ExitCode> {
    let kg = load(&args.graph.graph)?;
    let n = query::resolve(&kg, &args.entity, args.first)?;
    emit(ExitCode::SUCCESS, |w| {
        if args.json.json {
            render::show_json(w, &kg, n, args.evidence)
        } else {
            render::show_text(w, &kg, n, args.evidence, render::Style::auto())
        }
    })
}

fn run_neighbors(args: cli::NeighborsArgs) -> anyhow::Result<ExitCode> {
    let kg = load(&args.graph.graph)?;
    let n = query::resolve(&kg, &args.entity, args.first)?;
    let filters = Filters {
        directed: args.directed,
        via: args.types,
        through: args.label,
        dates: args.dates.range(),
        ..Filters::default()
    };
    let list = query::neighbors(&kg, n, args.depth, &filters);
    emit(ExitCode::SUCCESS, |w| {
        if args.json.json {
            render::neighbors_json(w, &kg, n, args.depth, &list)
        } else if args.dot {
            render::neighbors_dot(w, &kg, n, &list)
        } else {
            render::neighbors_text(w, &kg, n, args.depth, &list, render::Style::auto())
        }
    })
}

fn run_find(args: cli::FindArgs) -> anyhow::Result<ExitCode> {
    let kg = load(&args.graph.graph)?;
    let hits = query::find(&kg, &args.text, &args.label)?;
    let code = if hits.is_empty() {
        ExitCode::from(NOT_FOUND)
    } else {
        ExitCode::SUCCESS
    };
    emit(code, |w| {
        if args.json.json {
            render::find_json(w, &kg, &args.text, &hits, args.limit)
        } else {
            render::find_text(w, &kg, &hits, args.limit, render::Style::auto())
        }
    })
}

fn run_stats(args: cli::StatsArgs) -> anyhow::Result<ExitCode> {
    let kg = load(&args.graph.graph)?;
    let stats = query::stats(&kg);
    emit(ExitCode::SUCCESS, |w| {
        if args.json.json {
            render::stats_json(w, &kg, &stats)
        } else {
            render::stats_text(w, &kg, &stats, render::Style::auto())
        }
    })
}

/// `newsgraph eval`: score an export folder against a gold file, exactly as
/// `shared/eval/score.py` does (same table, `--explain` lists and `--json`).
fn run_eval(args: cli::EvalArgs) -> anyhow::Result<ExitCode> {
    use newsgraph::eval;
    let report = eval::run(&args.gold, &args.graph)?;
    for w in &report.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    emit(ExitCode::SUCCESS, |w| {
        if args.json {
            let gold = args.gold.to_string_lossy();
            let graph = args.graph.to_string_lossy();
            writeln!(
                w,
                "{}",
                eval::render_json(&report, &gold, &graph, args.explain)
            )
        } else {
            if args.explain {
                writeln!(w, "{}\n", eval::render_explain(&report))?;
            }
            writeln!(w, "{}", eval::render_table(&report))
        }
    })
}

/// `newsgraph view`: one self-contained HTML page of the graph or of a neighbourhood.
fn run_view(args: cli::ViewArgs) -> anyhow::Result<ExitCode> {
    use newsgraph::view;
    let kg = load(&args.graph.graph)?;
    let around = match &args.around {
        Some(name) => Some(query::resolve(&kg, name, args.first)?),
        None => None,
    };
    let opts = view::Options {
        around,
        depth: args.depth,
        evidence: args.evidence,
        max_nodes: args.max_nodes,
    };
    let report = view::write(&kg, &opts, &args.out)?;
    for w in &report.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    eprintln!(
        "newsgraph: {} entities, {} relations written to {} ({} KiB)",
        report.nodes,
        report.edges,
        args.out.display(),
        report.bytes.div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}
