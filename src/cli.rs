//! Command-line interface: every flag is defined and documented here, once.

use crate::diag::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "showcase",
    version,
    about = "Static-site generator for national cluster programmes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(clap::Args, Clone)]
pub struct SiteArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// "Today" for upcoming events and expired labels (YYYY-MM-DD); default: SOURCE_DATE_EPOCH or the clock.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

/// For the commands whose report tools read (`serve` talks to a person: its terminal lines
/// and the browser's error overlay).
#[derive(clap::Args, Clone)]
pub struct ReportArgs {
    /// How to report problems.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

/// The port `serve` and `build --serve` listen on unless told otherwise: one address for the
/// preview whichever command started it.
pub const DEFAULT_PORT: u16 = 1111;

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Where the site goes; default: public/ in the root.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site.toml (e.g. for a preview deployment).
        #[arg(long)]
        base_url: Option<String>,
        /// Serve the built site afterwards on 127.0.0.1 (no rebuilds).
        #[arg(long)]
        serve: bool,
        /// Leave out the search index (a quicker preview; the search page finds nothing).
        #[arg(long)]
        no_search: bool,
        /// Port for --serve.
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
        /// Print the time each stage took.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Validate the whole site without writing anything (exit 1 on errors).
    Check {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Report translation coverage per language.
        #[arg(long)]
        coverage: bool,
    },
    /// List every file the build writes, with its URL (the site map that `build` follows).
    Plan {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Leave out the search files, as `build --no-search` does.
        #[arg(long)]
        no_search: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on.
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Where the served site is written; default: a temporary folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print the time each stage of a round took.
        #[arg(short, long)]
        verbose: bool,
        /// Milliseconds of quiet after a rebuild before feeds and calendars are written
        /// (hidden: the tests' many edits in a row need not wait).
        #[arg(long, hide = true, default_value_t = 300)]
        feeds_after_ms: u64,
        /// Milliseconds of quiet after a rebuild before the search index is rebuilt.
        #[arg(long, hide = true, default_value_t = 1000)]
        search_after_ms: u64,
    },
    /// Answer a query from the search index written by `build` (the ground truth of the browser search).
    Search {
        /// The query, as a visitor would type it.
        #[arg(required_unless_present = "batch")]
        query: Option<String>,
        /// Answer many queries: JSON lines `{"query", "lang", "limit", "filters": {"kind", …}}`
        /// from stdin, one JSON answer per line on stdout, in order (`lang` and `limit` default
        /// to --lang and --limit): one process for a test's thousands of queries.
        #[arg(long, hide = true, conflicts_with_all = ["query", "kind", "sector", "region", "label"])]
        batch: bool,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language of the index to search.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Only records of this kind (cluster, organisation, call, cooperation, event, news, document, brand, page).
        #[arg(long)]
        kind: Option<String>,
        /// Only records in this sector.
        #[arg(long)]
        sector: Option<String>,
        /// Only records in this region.
        #[arg(long)]
        region: Option<String>,
        /// Only clusters holding this current label.
        #[arg(long)]
        label: Option<String>,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Where `build` wrote the index; default: search-index/ in the root.
        #[arg(long)]
        index: Option<PathBuf>,
    },
    /// Write a commented skeleton record that passes `check` once its marked fields are filled in.
    New {
        /// cluster, event, news, document or page.
        kind: String,
        /// The record's slug (its file name).
        slug: String,
        /// Also write a translation skeleton in this language.
        #[arg(long)]
        lang: Option<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Work with the site's theme.
    Theme {
        #[command(subcommand)]
        action: ThemeCommand,
    },
    /// Start a new programme site that builds at once.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write JSON Schemas for every record kind (for editor completion and inline errors).
    Schema {
        /// Folder to write the schemas to.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Write a CODEOWNERS file from the clusters' `maintainers`.
    Codeowners {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Where to write it.
        #[arg(long, default_value = ".github/CODEOWNERS")]
        out: PathBuf,
        /// Team that owns everything else (settings, theme, pages).
        #[arg(long)]
        default_owner: Option<String>,
    },
    /// Stem words from stdin (one a line, lower-cased) with the index's stemmer for a
    /// language, one stem a line: the reference for the browser's stemmers.
    #[command(hide = true)]
    Stem {
        /// Language tag (`en`, `de`, `nb`...); words are printed unchanged where it has no stemmer.
        lang: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
pub enum ThemeCommand {
    /// Copy templates of the theme into the site's templates/ to override them there
    /// (all of them when none is named).
    Eject {
        /// Templates to copy (`index`, `cluster.html`...).
        templates: Vec<String>,
        /// Overwrite templates the site already has.
        #[arg(long)]
        force: bool,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the UI strings a language lacks, with their English text, as the start of the
    /// site's own i18n/<LANG>.toml.
    Strings {
        /// The language (`sv`, `lt`, `ar`...).
        lang: String,
        /// Every key, with the language's text where it has one.
        #[arg(long)]
        all: bool,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
