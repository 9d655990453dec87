//! The command line: run the bot, or an operator's task.

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::{app, db};

#[derive(Debug, Parser)]
#[command(name = "birlik", version, about = "Telegram bot of the Birlik youth movement")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot with long polling (what `birlik` does with no subcommand).
    Run,
    /// Apply database migrations and exit.
    Migrate,
}

/// Carries out the command line.
pub async fn execute(cli: Cli, config: Config) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => app::run(config).await,
        Command::Migrate => {
            let pool = db::connect(&config.database_url).await?;
            db::migrate(&pool).await?;
            println!("Database {} is up to date.", config.database_url);
            Ok(())
        }
    }
}
