//! `/import`: a coordinator (their region) or an admin (the region they name) sends a file of
//! people and is told what importing it would do; Import then stores the good rows as pending
//! people and sends back their personal links, Cancel stores nothing.
//!
//! ```text
//! Coordinator: /import
//! Bot:         Send the file of people for Almaty as a document (.xlsx or .csv) …
//! Coordinator: [people.xlsx]
//! Bot:         Trial check of the file, region: Almaty / Rows read: 200 / … [✅ Import 195 people] [✖ Cancel]
//! Coordinator: (presses Import)
//! Bot:         Imported into Almaty: 195 people, now pending. …
//!              📄 links-KZ-75-3.csv  📄 links-KZ-75-3-Korean-youth.pdf …
//! ```

use anyhow::Context;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{Document, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Me};

use super::{answer, query_chat, settle, settle_message};
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State};
use crate::db::pending::{self, Import};
use crate::db::regions::{self, Region};
use crate::domain::role::{Action, StaffRole, allows};
use crate::domain::time::current_year;
use crate::exports::{Cell, csv_off_thread};
use crate::i18n::Lang;
use crate::import::{self, DryRun, Format, links, report};
use crate::telegram::Bot;
use crate::telegram::callback::Callback;

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
    let region = regions::named_or_own(&app.db, &args, staff.region_iso.as_deref())
        .await
        .context("reading the region asked for")?;
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
        return check_file(&bot, msg.chat.id, document, &caller, &region, &app).await;
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
    check_file(&bot, msg.chat.id, document, &caller, &region, &app).await
}

/// Downloads the file, checks it and answers with the dry run; when it has good rows, the file
/// is recorded and the answer carries Import and Cancel.
async fn check_file(
    bot: &Bot,
    chat: ChatId,
    document: &Document,
    caller: &Caller,
    region: &Region,
    app: &App,
) -> HandlerResult {
    let lang = caller.lang;
    let locales = &app.locales;
    let file_name = document.file_name.clone().unwrap_or_default();
    let Some(format) = Format::from_file_name(&file_name) else {
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
    let bytes = download(bot, &document.file.id).await?;
    let this_year = current_year(app.clock.now());
    let checked = import::dry_run(&app.db, &region.iso_code, &bytes, format, this_year).await?;
    let run = match checked {
        Ok(run) => run,
        Err(error) => {
            bot.send_message(chat, error.text(locales, lang)).await?;
            return Ok(());
        }
    };
    let keyboard = if run.good.is_empty() {
        None
    } else {
        let import_id = record_file(app, caller, region, &document.file.id.0, &file_name).await?;
        Some(keyboard(app, lang, import_id, run.good.len()))
    };
    let region_name = region.name(lang);
    let mut full = report::full_text(locales, lang, region_name, &run);
    let mut summary = [
        report::summary(locales, lang, region_name, &run),
        locales.text(lang, "import-problems-in-file"),
        locales.text(lang, "import-nothing-stored"),
    ]
    .join("\n\n");
    if keyboard.is_some() {
        for text in [&mut full, &mut summary] {
            text.push(' ');
            text.push_str(&locales.text(lang, "import-press-to-store"));
        }
    }
    let fits = run.problems.len() <= PROBLEMS_INLINE && full.chars().count() <= 3_500;
    if !fits {
        // The problems first, so the buttons stay at the bottom of the chat.
        send_problems(bot, chat, app, lang, region, &run).await?;
    }
    let request = bot.send_message(chat, if fits { full } else { summary });
    match keyboard {
        Some(keyboard) => request.reply_markup(keyboard).await?,
        None => request.await?,
    };
    Ok(())
}

/// The problems of a dry run as a CSV file: row, reason.
async fn send_problems(
    bot: &Bot,
    chat: ChatId,
    app: &App,
    lang: Lang,
    region: &Region,
    run: &DryRun,
) -> HandlerResult {
    let locales = &app.locales;
    let region_name = region.name(lang);
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

/// Records the checked file, so that Import can read it again: its id for the buttons.
async fn record_file(
    app: &App,
    caller: &Caller,
    region: &Region,
    file_id: &str,
    file_name: &str,
) -> anyhow::Result<i64> {
    let _turn = app.db.write_turn().await;
    pending::begin_import(
        &app.db,
        &region.iso_code,
        Some(caller.user_id()),
        Some(file_id),
        file_name,
        app.clock.unix(),
    )
    .await
    .context("recording a checked file")
}

fn keyboard(app: &App, lang: Lang, import_id: i64, good: usize) -> InlineKeyboardMarkup {
    let store = app
        .locales
        .text_with(lang, "import-button-store", &[("count", (good as i64).into())]);
    InlineKeyboardMarkup::new([
        [InlineKeyboardButton::callback(
            store,
            Callback::ImportStore(import_id).encode(),
        )],
        [InlineKeyboardButton::callback(
            app.locales.text(lang, "import-button-cancel"),
            Callback::ImportCancel(import_id).encode(),
        )],
    ])
}

async fn download(bot: &Bot, file_id: &FileId) -> anyhow::Result<Vec<u8>> {
    let file = bot
        .get_file(file_id.clone())
        .await
        .context("asking Telegram for an imported file")?;
    let mut bytes = Vec::with_capacity(file.size as usize);
    bot.download_file(&file.path, &mut bytes)
        .await
        .context("downloading an imported file")?;
    Ok(bytes)
}

/// Import pressed: the role is checked again, the file read and checked again (people who
/// registered since are left out), the good rows stored in one transaction, and the links sent.
/// A second press stores nothing and sends the links of those still pending again.
pub async fn store_pressed(
    bot: Bot,
    query: CallbackQuery,
    import_id: i64,
    caller: Caller,
    app: App,
    me: Me,
) -> HandlerResult {
    let lang = caller.lang;
    let locales = &app.locales;
    let chat = query_chat(&query);
    let Some(import) = checked_import(&bot, &query, import_id, &caller, &app).await? else {
        return Ok(());
    };
    // Telegram stops waiting for the answer to a press after about 15 s; storing thousands of
    // people and drawing their sheets can take longer, so the answer goes first.
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(locales.text(lang, "import-storing")),
    )
    .await?;
    settle_message(&bot, &query, &pressed_label(&query).unwrap_or_default()).await;
    let region = regions::find(&app.db, &import.region_iso)
        .await
        .context("reading the region of an import")?
        .context("the region of an import is gone")?;
    if import.imported_at.is_some() {
        return send_again(&bot, chat, &app, lang, me.username(), &import, &region).await;
    }
    let file_id = import
        .file_id
        .clone()
        .context("a checked file without its file id")?;
    let format = Format::from_file_name(&import.file_name).context("a checked file of no known format")?;
    let bytes = download(&bot, &FileId(file_id)).await?;
    let this_year = current_year(app.clock.now());
    let run = match import::dry_run(&app.db, &region.iso_code, &bytes, format, this_year).await? {
        Ok(run) => run,
        Err(error) => {
            bot.send_message(chat, error.text(locales, lang)).await?;
            return Ok(());
        }
    };
    if run.good.is_empty() {
        bot.send_message(chat, locales.text(lang, "import-nothing-left"))
            .await?;
        return Ok(());
    }
    let stored = {
        let _turn = app.db.write_turn().await;
        import::store(&app.db, import.id, &run, app.clock.unix()).await?
    };
    let Some(people) = stored else {
        // Stored by another press meanwhile.
        return send_again(&bot, chat, &app, lang, me.username(), &import, &region).await;
    };
    let text = locales.text_with(
        lang,
        "import-done",
        &[
            ("region", region.name(lang).into()),
            ("people", (people.len() as i64).into()),
            ("left", ((run.rows - run.good.len()) as i64).into()),
            ("days", i64::from(app.config.pending_days).into()),
        ],
    );
    bot.send_message(chat, text).await?;
    send_links(&bot, chat, &app, lang, me.username(), import.id, &region, people).await
}

/// Cancel pressed: the checked file is forgotten and nothing is stored.
pub async fn cancel_pressed(
    bot: Bot,
    query: CallbackQuery,
    import_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let chat = query_chat(&query);
    let Some(import) = checked_import(&bot, &query, import_id, &caller, &app).await? else {
        return Ok(());
    };
    settle(&bot, &query, &pressed_label(&query).unwrap_or_default()).await?;
    if import.imported_at.is_some() {
        let text = app.locales.text_with(
            lang,
            "import-already-done",
            &[
                ("people", import.people.unwrap_or_default().into()),
                (
                    "pending",
                    (pending::of_import(&app.db, import.id).await?.len() as i64).into(),
                ),
            ],
        );
        bot.send_message(chat, text).await?;
        return Ok(());
    }
    pending::cancel_import(&app.db, import.id)
        .await
        .context("cancelling an import")?;
    bot.send_message(chat, app.locales.text(lang, "import-cancelled"))
        .await?;
    Ok(())
}

/// The import a button names, when it still exists and the presser may import into its region
/// (the role is read again: it may have been taken away since the check). Otherwise the press
/// is answered and `None` returned.
async fn checked_import(
    bot: &Bot,
    query: &CallbackQuery,
    import_id: i64,
    caller: &Caller,
    app: &App,
) -> anyhow::Result<Option<Import>> {
    let lang = caller.lang;
    let import = pending::find_import(&app.db, import_id)
        .await
        .context("reading an import")?;
    let Some(import) = import else {
        answer(
            bot.answer_callback_query(query.id.clone())
                .text(app.locales.text(lang, "import-stale"))
                .show_alert(true),
        )
        .await?;
        return Ok(None);
    };
    if !allows(
        caller.staff.as_ref(),
        Action::ImportPeople {
            region: &import.region_iso,
        },
    ) {
        answer(bot.answer_callback_query(query.id.clone())).await?;
        bot.send_message(query_chat(query), app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(None);
    }
    Ok(Some(import))
}

/// The label of the button pressed, to write under the question it answered.
fn pressed_label(query: &CallbackQuery) -> Option<String> {
    let data = query.data.as_deref()?;
    query
        .regular_message()?
        .reply_markup()?
        .inline_keyboard
        .iter()
        .flatten()
        .find(|button| {
            matches!(&button.kind, teloxide::types::InlineKeyboardButtonKind::CallbackData(d) if d == data)
        })
        .map(|button| button.text.clone())
}

/// An import stored already: its figures, and the links of those still pending.
async fn send_again(
    bot: &Bot,
    chat: ChatId,
    app: &App,
    lang: Lang,
    bot_name: &str,
    import: &Import,
    region: &Region,
) -> HandlerResult {
    let people = pending::of_import(&app.db, import.id)
        .await
        .context("reading the people of an import")?;
    let stored = pending::find_import(&app.db, import.id)
        .await?
        .and_then(|i| i.people)
        .unwrap_or_default();
    let text = app.locales.text_with(
        lang,
        "import-already-done",
        &[
            ("people", stored.into()),
            ("pending", (people.len() as i64).into()),
        ],
    );
    bot.send_message(chat, text).await?;
    if people.is_empty() {
        return Ok(());
    }
    send_links(bot, chat, app, lang, bot_name, import.id, region, people).await
}

/// The CSV of everyone's link, then a sheet to print for each wing.
async fn send_links(
    bot: &Bot,
    chat: ChatId,
    app: &App,
    lang: Lang,
    bot_name: &str,
    import_id: i64,
    region: &Region,
    people: Vec<pending::Pending>,
) -> HandlerResult {
    let locales = &app.locales;
    let files = links::files(
        &app.db,
        locales,
        lang,
        bot_name,
        import_id,
        (&region.iso_code, region.name(lang)),
        people,
    )
    .await?;
    bot.send_document(chat, InputFile::memory(files.csv.bytes).file_name(files.csv.name))
        .caption(locales.text(lang, "import-links-csv-caption"))
        .await
        .context("sending the links of an import")?;
    for (wing, sheet) in files.sheets {
        let caption = locales.text_with(
            lang,
            "import-links-sheet-caption",
            &[("wing", wing.into()), ("people", (sheet.rows as i64).into())],
        );
        bot.send_document(chat, InputFile::memory(sheet.bytes).file_name(sheet.name))
            .caption(caption)
            .await
            .context("sending a wing's sheet of links")?;
    }
    Ok(())
}
