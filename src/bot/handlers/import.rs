//! `/import`: a coordinator (their region) or an admin (the region they name) sends a file of
//! people and is told what importing it would do. Only this dry run for now: nothing is stored.
//!
//! ```text
//! Coordinator: /import
//! Bot:         Send the file of people for Almaty as a document (.xlsx or .csv) …
//! Coordinator: [people.xlsx]
//! Bot:         Trial check of the file, region: Almaty / Rows read: 200 / … / Nothing has been stored.
//! ```

use anyhow::Context;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{Document, InputFile};

use crate::bot::{App, BotDialogue, Caller, HandlerResult, State};
use crate::db::regions;
use crate::domain::role::{Action, StaffRole, allows};
use crate::domain::time::current_year;
use crate::exports::{Cell, csv_off_thread};
use crate::i18n::Lang;
use crate::import::{self, Format, report};
use crate::telegram::Bot;

/// The largest file taken: a region's list is well under this, and it is read into memory.
pub const MAX_FILE_BYTES: u32 = 5 * 1024 * 1024;
/// Up to this many problems are listed in the message itself; more go in a CSV file.
const PROBLEMS_INLINE: usize = 20;

/// `/import [REGION]`, typed, or as the caption of the file itself.
pub async fn command(
    bot: Bot,
    msg: Message,
    args: String,
    caller: Caller,
    staff: StaffRole,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let region = match args.trim() {
        "" => regions::of(&app.db, staff.region_iso.as_deref())
            .await
            .context("reading the caller's region")?,
        query => regions::find_by_query(&app.db, query)
            .await
            .context("looking up the region")?,
    };
    let Some(region) = region else {
        let key = if args.trim().is_empty() {
            "import-name-region"
        } else {
            "region-unknown"
        };
        bot.send_message(msg.chat.id, app.locales.text(lang, key)).await?;
        return Ok(());
    };
    if !allows(
        Some(&staff),
        Action::ImportPeople {
            region: &region.iso_code,
        },
    ) {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    if let Some(document) = msg.document() {
        return check_file(&bot, msg.chat.id, document, lang, &region, &app).await;
    }
    dialogue
        .update(State::ImportFile {
            region_iso: region.iso_code.clone(),
        })
        .await?;
    let text = app
        .locales
        .text_with(lang, "import-send-file", &[("region", region.name(lang).into())]);
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// A message after `/import`: the file, or a reminder to send it as a document.
pub async fn file_sent(
    bot: Bot,
    msg: Message,
    region_iso: String,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    // The role is read again: it may have been taken away since `/import`.
    if !allows(
        caller.staff.as_ref(),
        Action::ImportPeople { region: &region_iso },
    ) {
        dialogue.exit().await?;
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    let Some(document) = msg.document() else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "import-expecting-file"))
            .await?;
        return Ok(());
    };
    let region = regions::find(&app.db, &region_iso)
        .await
        .context("reading the region of an import")?
        .context("the region of an import is gone")?;
    check_file(&bot, msg.chat.id, document, lang, &region, &app).await
}

/// Downloads the file, checks it and answers with the dry run.
async fn check_file(
    bot: &Bot,
    chat: ChatId,
    document: &Document,
    lang: Lang,
    region: &regions::Region,
    app: &App,
) -> HandlerResult {
    let locales = &app.locales;
    let format = document.file_name.as_deref().and_then(Format::from_file_name);
    let Some(format) = format else {
        bot.send_message(chat, locales.text(lang, "import-wrong-type"))
            .await?;
        return Ok(());
    };
    if document.file.size > MAX_FILE_BYTES {
        let megabytes = i64::from(MAX_FILE_BYTES / 1024 / 1024);
        let text = locales.text_with(lang, "import-too-large", &[("megabytes", megabytes.into())]);
        bot.send_message(chat, text).await?;
        return Ok(());
    }
    let file = bot
        .get_file(document.file.id.clone())
        .await
        .context("asking Telegram for an imported file")?;
    let mut bytes = Vec::with_capacity(document.file.size as usize);
    bot.download_file(&file.path, &mut bytes)
        .await
        .context("downloading an imported file")?;
    let this_year = current_year(app.clock.now());
    let checked = import::dry_run(&app.db, &region.iso_code, &bytes, format, this_year).await?;
    let run = match checked {
        Ok(run) => run,
        Err(error) => {
            bot.send_message(chat, error.text(locales, lang)).await?;
            return Ok(());
        }
    };
    let region_name = region.name(lang);
    let full = report::full_text(locales, lang, region_name, &run);
    if run.problems.len() <= PROBLEMS_INLINE && full.chars().count() <= 3_500 {
        bot.send_message(chat, full).await?;
        return Ok(());
    }
    let text = [
        report::summary(locales, lang, region_name, &run),
        locales.text(lang, "import-problems-in-file"),
        locales.text(lang, "import-nothing-stored"),
    ]
    .join("\n\n");
    bot.send_message(chat, text).await?;
    let rows: Vec<Vec<Cell>> = run
        .problems
        .iter()
        .map(|p| {
            vec![
                Cell::Figure(p.row as i64),
                Cell::Text(report::reason(locales, lang, region_name, &p.problem)),
            ]
        })
        .collect();
    let (csv, _) = csv_off_thread(locales, lang, &["import-csv-row", "import-csv-problem"], rows).await?;
    let name = format!("import-problems-{}.csv", region.iso_code);
    bot.send_document(chat, InputFile::memory(csv).file_name(name))
        .await
        .context("sending the problems of an import")?;
    Ok(())
}
