use clap::Parser;

// A build allocates and frees millions of small strings across threads (view models, Tera
// values, rendered pages): glibc's allocator spent ~20% of a 10,000-cluster build in
// malloc/free and consolidation; mimalloc's thread-local free lists make that a few percent.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = showcase::cli::Cli::parse();
    std::process::exit(showcase::run(cli));
}
