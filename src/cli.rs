//! Command-line interface: every flag is defined and documented here, once.

use crate::diag::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "showcase", version, about = "Static-site generator for national cluster programmes")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about each stage.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(clap::Args, Clone)]
pub struct SiteArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// "Today" for upcoming events and expired labels (YYYY-MM-DD); default: SOURCE_DATE_EPOCH or the clock.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// How to report problems.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where the site goes; default: public/ in the root.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site.toml (e.g. for a preview deployment).
        #[arg(long)]
        base_url: Option<String>,
        /// Serve the built site afterwards on 127.0.0.1 (no rebuilds).
        #[arg(long)]
        serve: bool,
        /// Port for --serve.
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Validate the whole site without writing anything (exit 1 on errors).
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Report translation coverage per language.
        #[arg(long)]
        coverage: bool,
    },
}
