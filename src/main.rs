use clap::Parser;

fn main() {
    let cli = showcase::cli::Cli::parse();
    std::process::exit(showcase::run(cli));
}
