use std::process::ExitCode;

use clap::Parser;

use birlik::cli::{self, Cli};
use birlik::config::Config;

/// mimalloc rather than the system allocator: a burst of updates allocates and frees many
/// small buffers from several threads, where glibc's allocator spends a tenth of the time
/// (measured with `cargo bench --bench events` under perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is fine: the environment may carry everything.
    let _ = dotenvy::dotenv();
    if let Err(error) = birlik::logging::init() {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }

    let cli = Cli::parse();
    let result = match Config::from_env() {
        Ok(config) => cli::execute(cli, config).await,
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error:#}");
            ExitCode::FAILURE
        }
    }
}
