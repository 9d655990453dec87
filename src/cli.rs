//! The command line: run the bot, or an operator's task.

use clap::{Parser, Subcommand};

use anyhow::{Context, bail};

use crate::config::Config;
use crate::db::{regions, roles};
use crate::domain::role::{Role, StaffRole};
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
    /// Give a person a staff role (audit-logged as done from the command line).
    Grant {
        /// Their Telegram user id.
        #[arg(long)]
        user: u64,
        /// organiser, coordinator or admin.
        #[arg(long)]
        role: String,
        /// The region's ISO code (KZ-75) or name; required for organiser and coordinator.
        #[arg(long)]
        region: Option<String>,
    },
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
        Command::Grant { user, role, region } => grant(&config, user, &role, region.as_deref()).await,
    }
}

async fn grant(config: &Config, user: u64, role: &str, region: Option<&str>) -> anyhow::Result<()> {
    let role: Role = role
        .parse()
        .ok()
        .context("--role must be organiser, coordinator or admin")?;
    let pool = db::connect(&config.database_url).await?;
    db::migrate(&pool).await?;
    let staff = match (role.is_regional(), region) {
        (false, _) => StaffRole::admin(),
        (true, None) => bail!("--region is required for the {role} role"),
        (true, Some(query)) => {
            let region = regions::find_by_query(&pool, query)
                .await?
                .with_context(|| format!("unknown region `{query}`: use an ISO code such as KZ-75"))?;
            StaffRole::regional(role, &region.iso_code)
        }
    };
    let mut tx = pool.begin().await?;
    roles::grant(&mut tx, user as i64, &staff, None, "command_line", db::unix_now()).await?;
    tx.commit().await?;
    match &staff.region_iso {
        Some(region) => println!("{user} is now {role} in {region}."),
        None => println!("{user} is now {role}."),
    }
    Ok(())
}
