//! The `newsgraph` binary: parses arguments, calls the library, prints, maps errors to exit
//! codes (0 success, 1 no path, 2 error).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => run_build(args),
        Command::Path(_args) => Err(anyhow::anyhow!("path: not implemented yet")),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsgraph: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run_build(_args: cli::BuildArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("build: not implemented yet")
}
