//! The command line: run the bot, or an operator's task.

use clap::{Parser, Subcommand};

use anyhow::{Context, bail};

use crate::charts::{self, ChartKind};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::audit::AuditAction;
use crate::db::{Db, pending, regions, roles, stats};
use crate::domain::event::format_hours;
use crate::domain::period::Period;
use crate::domain::role::{Role, StaffRole};
use crate::i18n::{Lang, Locales};
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
    /// Print participation figures: the country (with each region), or one region.
    Stats {
        /// The region's ISO code (KZ-75) or name; the whole country without it.
        #[arg(long)]
        region: Option<String>,
        /// 30d, 90d, year or all.
        #[arg(long, default_value = "30d")]
        period: String,
        /// Also draw a chart of the figures as a PNG file, titled in English.
        #[arg(long)]
        chart: Option<std::path::PathBuf>,
        /// Which chart: attended (by region, or a region's by month), weekly or wings.
        #[arg(long, default_value = "attended")]
        chart_kind: String,
    },
    /// Write the CSV exports (members, events, participation) into a folder.
    Export {
        /// Where to write the files (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
        /// The region's ISO code (KZ-75) or name; the whole country without it.
        #[arg(long)]
        region: Option<String>,
        /// The language of the column headers: kk, ru or en.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Copy the database while the bot runs (a consistent online backup, checked).
    Backup {
        /// The new file, or a folder to put a time-stamped birlik-YYYYMMDD-HHMMSS.db in.
        file: std::path::PathBuf,
    },
    /// Check a file of people (.xlsx or .csv) for a region and print what importing it would
    /// do. Nothing is stored without --store.
    Import {
        file: std::path::PathBuf,
        /// The region's ISO code (KZ-75) or name.
        #[arg(long)]
        region: String,
        /// Store the good rows as pending people and write their personal links: a CSV of
        /// everyone and a PDF sheet to print per wing.
        #[arg(long)]
        store: bool,
        /// Where --store writes the links (created if missing).
        #[arg(long, default_value = ".")]
        out: std::path::PathBuf,
        /// The bot's username, for the links; asked from Telegram with the token when left out.
        #[arg(long)]
        bot: Option<String>,
    },
    /// Fill the database with a synthetic movement, the same for the same seed.
    DemoData {
        #[arg(long, default_value_t = 22_000)]
        members: i64,
        #[arg(long, default_value_t = 1_000)]
        events: i64,
        #[arg(long, default_value_t = 1)]
        seed: i64,
    },
}

/// Carries out the command line.
pub async fn execute(cli: Cli, config: Config) -> anyhow::Result<()> {
    let clock = Clock::system();
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => app::run(config).await,
        Command::Migrate => {
            let pool = db::connect(&config.database_url).await?;
            db::migrate(&pool).await?;
            println!("Database {} is up to date.", config.database_url);
            Ok(())
        }
        Command::Grant { user, role, region } => grant(&config, &clock, user, &role, region.as_deref()).await,
        Command::Stats {
            region,
            period,
            chart,
            chart_kind,
        } => {
            print_stats(&config, &clock, region.as_deref(), &period).await?;
            match chart {
                Some(file) => {
                    write_chart(&config, &clock, region.as_deref(), &period, &chart_kind, &file).await
                }
                None => Ok(()),
            }
        }
        Command::Export { out, region, lang } => export(&config, &clock, &out, region.as_deref(), lang).await,
        Command::Backup { file } => {
            let pool = db::connect_existing(&config.database_url).await?;
            let path = crate::backup::destination(&file, clock.now());
            let backup = crate::backup::write(&pool, &path).await?;
            pool.close().await;
            println!(
                "Backed up {} to {} ({:.1} MiB, {} members, checked) in {:.1} s.",
                config.database_url,
                backup.path.display(),
                backup.bytes as f64 / 1_048_576.0,
                backup.members,
                backup.elapsed.as_secs_f64()
            );
            Ok(())
        }
        Command::Import {
            file,
            region,
            store,
            out,
            bot,
        } => {
            let storing = store.then_some(Storing { out, bot });
            import(&config, &clock, &file, &region, storing).await
        }
        Command::DemoData {
            members,
            events,
            seed,
        } => {
            let pool = db::connect(&config.database_url).await?;
            db::migrate(&pool).await?;
            let summary = crate::demo::fill(&pool, members, events, seed, clock.unix()).await?;
            println!(
                "Added {} wings, {} members, {} events, {} sign-ups to {}.",
                summary.wings, summary.members, summary.events, summary.signups, config.database_url
            );
            Ok(())
        }
    }
}

/// The region `--region` names (ISO code or name), or `None` for the whole country.
async fn region_named(pool: &Db, query: Option<&str>) -> anyhow::Result<Option<regions::Region>> {
    let Some(query) = query else { return Ok(None) };
    let region = regions::find_by_query(pool, query)
        .await?
        .with_context(|| format!("unknown region `{query}`: use an ISO code such as KZ-75"))?;
    Ok(Some(region))
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("`{code}` is not kk, ru or en"))
}

async fn export(
    config: &Config,
    clock: &Clock,
    out: &std::path::Path,
    region: Option<&str>,
    lang: Lang,
) -> anyhow::Result<()> {
    let pool = Db::new(db::connect(&config.database_url).await?);
    db::migrate(&pool).await?;
    let region = region_named(&pool, region).await?.map(|r| r.iso_code);
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let now = clock.unix();
    let locales = Locales::load()?;
    let files = crate::exports::build(&pool, &locales, lang, region.as_deref(), now).await?;
    // Audit-logged as `/export` is, with nobody as the actor: the operator's command line.
    let details = serde_json::json!({
        "what": "export",
        "via": "command_line",
        "files": files.iter().map(|f| serde_json::json!({ "name": f.name, "rows": f.rows })).collect::<Vec<_>>(),
    });
    let mut conn = pool.acquire().await?;
    db::audit::Entry::new(AuditAction::DataExported, now)
        .region(region.as_deref())
        .details(&details)
        .record(&mut conn)
        .await
        .context("writing the export to the audit log")?;
    drop(conn);
    for file in files {
        let path = out.join(&file.name);
        crate::exports::write_private(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("{} ({} rows)", path.display(), file.rows);
    }
    Ok(())
}

/// Where `birlik import --store` writes the links, and for which bot.
struct Storing {
    out: std::path::PathBuf,
    bot: Option<String>,
}

/// `birlik import FILE --region KZ-xx`: the dry run `/import` answers with, in English; with
/// `--store`, the good rows stored as pending people and their links written, as Import does.
async fn import(
    config: &Config,
    clock: &Clock,
    file: &std::path::Path,
    region: &str,
    storing: Option<Storing>,
) -> anyhow::Result<()> {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let format = crate::import::Format::from_file_name(&name).context("the file must be .xlsx or .csv")?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let pool = Db::new(db::connect(&config.database_url).await?);
    db::migrate(&pool).await?;
    let region = region_named(&pool, Some(region))
        .await?
        .context("--region names no region")?;
    let locales = Locales::load()?;
    let this_year = crate::domain::time::current_year(clock.now());
    let run = match crate::import::dry_run(&pool, &region.iso_code, &bytes, format, this_year).await? {
        Ok(run) => run,
        Err(error) => bail!("{}", error.text(&locales, Lang::En)),
    };
    let region_name = region.name(Lang::En);
    println!(
        "{}",
        crate::import::report::full_text(&locales, Lang::En, region_name, &run)
    );
    let Some(storing) = storing else {
        if !run.good.is_empty() {
            println!("Run it again with --store to store the good rows as pending people.");
        }
        return Ok(());
    };
    if run.good.is_empty() {
        println!("No good rows: nothing to store.");
        return Ok(());
    }
    // Before anything is stored: without the bot's name there would be no links to hand out.
    let bot = match storing.bot {
        Some(bot) => bot.trim_start_matches('@').to_owned(),
        None => bot_username(config)
            .await
            .context("the links need the bot's username: give it with --bot, or set TELOXIDE_TOKEN")?,
    };
    std::fs::create_dir_all(&storing.out)
        .with_context(|| format!("cannot create {}", storing.out.display()))?;
    let now = clock.unix();
    let import_id = pending::begin_import(&pool, &region.iso_code, None, None, &name, now)
        .await
        .context("recording the import")?;
    let people = crate::import::store(&pool, import_id, &run, now)
        .await?
        .context("the new import was stored already")?;
    println!(
        "\nStored {} people in {region_name} as pending (import {import_id}); links not activated within {} days are deleted.",
        people.len(),
        config.pending_days
    );
    let links = crate::import::links::files(
        &pool,
        &locales,
        Lang::En,
        &bot,
        import_id,
        (&region.iso_code, region_name),
        people,
    )
    .await?;
    for file in std::iter::once(&links.csv).chain(links.sheets.iter().map(|(_, sheet)| sheet)) {
        let path = storing.out.join(&file.name);
        crate::exports::write_private(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("{} ({} people)", path.display(), file.rows);
    }
    Ok(())
}

/// The bot's username, asked from Telegram with the configured token.
async fn bot_username(config: &Config) -> anyhow::Result<String> {
    use teloxide::prelude::Requester;
    let bot = app::telegram_client(config)?;
    let me = bot.get_me().await.context("asking Telegram for the bot's name")?;
    Ok(me.username().to_owned())
}

async fn print_stats(
    config: &Config,
    clock: &Clock,
    region: Option<&str>,
    period: &str,
) -> anyhow::Result<()> {
    let period = Period::from_code(period).context("--period must be 30d, 90d, year or all")?;
    let pool = Db::new(db::connect(&config.database_url).await?);
    db::migrate(&pool).await?;
    let region = region_named(&pool, region).await?;
    let now = clock.now();
    let since = period.start(now);
    let iso = region.as_ref().map(|r| r.iso_code.as_str());
    let f = stats::figures(&pool, iso, since, now.timestamp()).await?;
    let scope = region.as_ref().map_or("Kazakhstan", |r| r.name_en.as_str());
    println!("{scope}, period {}", period.code());
    let rate = f
        .attendance_rate()
        .map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0));
    for (name, value) in [
        ("members", f.members_total.to_string()),
        ("new members", f.members_new.to_string()),
        ("events held", f.events_held.to_string()),
        ("sign-ups confirmed", f.confirmed.to_string()),
        ("sign-ups waiting", f.waiting.to_string()),
        ("sign-ups cancelled", f.cancelled.to_string()),
        ("attended", f.attended.to_string()),
        ("no shows", f.no_shows.to_string()),
        ("attendance rate", rate),
        ("volunteer hours", format_hours(f.volunteer_seconds)),
    ] {
        println!("  {name:<20} {value:>12}");
    }
    if region.is_none() {
        println!(
            "\n  {:<28} {:>9} {:>9} {:>9}",
            "region", "members", "attended", "hours"
        );
        let names = regions::list(&pool).await?;
        for line in stats::by_region(&pool, since).await? {
            let name = names
                .iter()
                .find(|r| r.iso_code == line.region_iso)
                .map_or(line.region_iso.as_str(), |r| r.name_en.as_str());
            println!(
                "  {name:<28} {:>9} {:>9} {:>9}",
                line.members,
                line.attended,
                format_hours(line.volunteer_seconds)
            );
        }
    }
    Ok(())
}

/// `birlik stats --chart FILE`: the chart `/stats` sends, in English, as a PNG file.
async fn write_chart(
    config: &Config,
    clock: &Clock,
    region: Option<&str>,
    period: &str,
    kind: &str,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let period = Period::from_code(period).context("--period must be 30d, 90d, year or all")?;
    let kind = ChartKind::parse(kind).context("--chart-kind must be attended, weekly or wings")?;
    let pool = Db::new(db::connect(&config.database_url).await?);
    let region = region_named(&pool, region).await?.map(|r| r.iso_code);
    let locales = crate::i18n::Locales::load()?;
    let (title, drawing) = charts::figures(
        &pool,
        &locales,
        Lang::En,
        region.as_deref(),
        kind,
        period,
        clock.now(),
    )
    .await?;
    let png = charts::draw(title.clone(), drawing, Lang::En).await?;
    std::fs::write(file, png).with_context(|| format!("cannot write {}", file.display()))?;
    println!("\nChart \"{title}\" written to {}.", file.display());
    Ok(())
}

async fn grant(
    config: &Config,
    clock: &Clock,
    user: u64,
    role: &str,
    region: Option<&str>,
) -> anyhow::Result<()> {
    let role: Role = role
        .parse()
        .ok()
        .context("--role must be organiser, coordinator or admin")?;
    let pool = Db::new(db::connect(&config.database_url).await?);
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
    roles::grant(&mut tx, user as i64, &staff, None, "command_line", clock.unix()).await?;
    tx.commit().await?;
    match &staff.region_iso {
        Some(region) => println!("{user} is now {role} in {region}."),
        None => println!("{user} is now {role}."),
    }
    Ok(())
}
