//! `/wings`: a coordinator's (or an admin's) list of a region's youth wings with member counts,
//! and adding, renaming and archiving them.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::bot::callback::Callback;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, keyboards};
use crate::db::audit::AuditAction;
use crate::db::{Db, audit, regions, wings};
use crate::delivery::progress::fit_message;
use crate::domain::role::{Action, Role, StaffRole, allows};
use crate::domain::wing_name::{WingName, WingNameError};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{answer, query_chat, redraw, settle, stale_choice};

/// `/wings [REGION]`: a coordinator sees their region; an admin names one or picks it.
pub async fn command(
    bot: Bot,
    msg: Message,
    args: String,
    caller: Caller,
    staff: StaffRole,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let region_iso = match args.trim() {
        "" if staff.role == Role::Admin => {
            let regions = regions::list(&app.db).await.context("reading the regions")?;
            let picker = keyboards::regions_with(&regions, lang, |iso| Callback::WingsOf(iso.to_owned()));
            bot.send_message(msg.chat.id, app.locales.text(lang, "wings-pick-region"))
                .reply_markup(picker)
                .await?;
            return Ok(());
        }
        "" => staff.region_iso.clone(),
        query => regions::find_by_query(&app.db, query)
            .await
            .context("looking up the region")?
            .map(|r| r.iso_code),
    };
    match region_iso {
        Some(region_iso) if allows(Some(&staff), Action::ManageWings { region: &region_iso }) => {
            send_list(&bot, msg.chat.id, &app.locales, &app.db, &region_iso, lang).await
        }
        None if staff.role == Role::Admin => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "region-unknown"))
                .await?;
            Ok(())
        }
        _ => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
                .await?;
            Ok(())
        }
    }
}

/// A region picked from the admin's list.
pub async fn region_picked(
    bot: Bot,
    query: CallbackQuery,
    region_iso: String,
    caller: Caller,
    app: App,
) -> HandlerResult {
    if !manages_region(&app, &caller, &region_iso).await? {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    send_list(
        &bot,
        query_chat(&query),
        &app.locales,
        &app.db,
        &region_iso,
        caller.lang,
    )
    .await
}

/// An arrow under the list: the same message shows another page of the wings.
pub async fn page_turned(
    bot: Bot,
    query: CallbackQuery,
    (region_iso, page): (String, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    if !manages_region(&app, &caller, &region_iso).await? {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let (text, markup) = list(&app.locales, &app.db, &region_iso, caller.lang, page).await?;
    redraw(&bot, &query, text, markup).await
}

async fn send_list(
    bot: &Bot,
    chat: ChatId,
    locales: &Locales,
    pool: &Db,
    region_iso: &str,
    lang: Lang,
) -> HandlerResult {
    let (text, markup) = list(locales, pool, region_iso, lang, 1).await?;
    bot.send_message(chat, text).reply_markup(markup).await?;
    Ok(())
}

/// Page `page` of the region's wings with their member counts, each with Rename and Archive,
/// [`keyboards::WINGS_A_PAGE`] a page so the keyboard stays within Telegram's 100 buttons.
async fn list(
    locales: &Locales,
    pool: &Db,
    region_iso: &str,
    lang: Lang,
    page: i64,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let region = regions::find(pool, region_iso)
        .await
        .context("reading the region")?
        .map(|r| r.name(lang).to_owned())
        .unwrap_or_default();
    let all = wings::list_with_counts(pool, region_iso).await?;
    let (wings, page, pages) = keyboards::page_of(&all, page, keyboards::WINGS_A_PAGE);
    let mut text = locales.text_with(lang, "wings-title", &[("region", region.into())]);
    if wings.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locales.text(lang, "wings-none"));
    }
    for wing in wings {
        text.push('\n');
        text.push_str(&locales.text_with(
            lang,
            "wings-line",
            &[("name", wing.name.clone().into()), ("count", wing.members.into())],
        ));
    }
    let archive = locales.text(lang, "wings-archive");
    let mut rows: Vec<Vec<InlineKeyboardButton>> = wings
        .iter()
        .map(|wing| {
            vec![
                InlineKeyboardButton::callback(
                    format!("✏️ {}", wing.name),
                    Callback::WingRename(wing.id).encode(),
                ),
                InlineKeyboardButton::callback(
                    format!("🗄 {archive}"),
                    Callback::WingArchive(wing.id).encode(),
                ),
            ]
        })
        .collect();
    if pages > 1 {
        rows.push(keyboards::page_row(page, pages, |p| {
            Callback::WingsPage(region_iso.to_owned(), p)
        }));
    }
    rows.push(vec![InlineKeyboardButton::callback(
        locales.text(lang, "wings-add"),
        Callback::WingAdd(region_iso.to_owned()).encode(),
    )]);
    Ok((fit_message(text), InlineKeyboardMarkup::new(rows)))
}

pub async fn add_pressed(
    bot: Bot,
    query: CallbackQuery,
    region_iso: String,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    if !manages_region(&app, &caller, &region_iso).await? {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    dialogue.update(State::WingAddName { region_iso }).await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text(caller.lang, "wings-ask-name"),
    )
    .await?;
    Ok(())
}

pub async fn rename_pressed(
    bot: Bot,
    query: CallbackQuery,
    wing_id: i64,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let Some(wing) = managed_wing(&app.db, &caller, wing_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    dialogue.update(State::WingNewName { wing_id }).await?;
    let text = app
        .locales
        .text_with(caller.lang, "wings-ask-new-name", &[("name", wing.name.into())]);
    bot.send_message(query_chat(&query), text).await?;
    Ok(())
}

pub async fn archive_pressed(
    bot: Bot,
    query: CallbackQuery,
    wing_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(wing) = managed_wing(&app.db, &caller, wing_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let keyboard = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(
            app.locales.text(lang, "wings-archive"),
            Callback::WingArchiveConfirmed(wing.id).encode(),
        ),
        InlineKeyboardButton::callback(
            app.locales.text(lang, "wings-keep"),
            Callback::WingsOf(wing.region_iso.clone()).encode(),
        ),
    ]]);
    let text = app
        .locales
        .text_with(lang, "wings-archive-question", &[("name", wing.name.into())]);
    bot.send_message(query_chat(&query), text)
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

pub async fn archive_confirmed(
    bot: Bot,
    query: CallbackQuery,
    wing_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(wing) = managed_wing(&app.db, &caller, wing_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let now = app.clock.unix();
    if wings::archive(&app.db, wing.id, now)
        .await
        .context("archiving the wing")?
    {
        let details = serde_json::json!({ "wing_id": wing.id, "name": wing.name });
        audit_wing_change(
            &app.db,
            &caller,
            AuditAction::WingArchived,
            &wing.region_iso,
            &details,
            now,
        )
        .await?;
    }
    settle(&bot, &query, &app.locales.text(lang, "wings-archive")).await?;
    send_list(
        &bot,
        query_chat(&query),
        &app.locales,
        &app.db,
        &wing.region_iso,
        lang,
    )
    .await
}

/// The name of a new wing, typed after "Add a wing".
pub async fn name_typed(
    bot: Bot,
    msg: Message,
    region_iso: String,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    // The role may have been revoked since the button was pressed.
    if !allows(caller.staff.as_ref(), Action::ManageWings { region: &region_iso }) {
        dialogue.exit().await?;
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    let name = match WingName::parse(msg.text().unwrap_or_default()) {
        Ok(name) => name,
        Err(error) => {
            bot.send_message(msg.chat.id, name_error(&app.locales, lang, error))
                .await?;
            return Ok(());
        }
    };
    let now = app.clock.unix();
    match wings::insert(&app.db, &region_iso, name.as_str(), now).await {
        Ok(wing) => {
            let details = serde_json::json!({ "wing_id": wing.id, "name": wing.name });
            audit_wing_change(
                &app.db,
                &caller,
                AuditAction::WingAdded,
                &region_iso,
                &details,
                now,
            )
            .await?;
        }
        Err(error) if wings::is_duplicate_name(&error) => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "wings-name-taken"))
                .await?;
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    }
    dialogue.exit().await?;
    send_list(&bot, msg.chat.id, &app.locales, &app.db, &region_iso, lang).await
}

/// The new name of a wing, typed after its rename button.
pub async fn new_name_typed(
    bot: Bot,
    msg: Message,
    wing_id: i64,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(wing) = managed_wing(&app.db, &caller, wing_id).await? else {
        dialogue.exit().await?;
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    };
    let name = match WingName::parse(msg.text().unwrap_or_default()) {
        Ok(name) => name,
        Err(error) => {
            bot.send_message(msg.chat.id, name_error(&app.locales, lang, error))
                .await?;
            return Ok(());
        }
    };
    match wings::rename(&app.db, wing.id, name.as_str()).await {
        Ok(()) => {
            let now = app.clock.unix();
            let details = serde_json::json!({ "wing_id": wing.id, "from": wing.name, "to": name.as_str() });
            audit_wing_change(
                &app.db,
                &caller,
                AuditAction::WingRenamed,
                &wing.region_iso,
                &details,
                now,
            )
            .await?;
        }
        Err(error) if wings::is_duplicate_name(&error) => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "wings-name-taken"))
                .await?;
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    }
    dialogue.exit().await?;
    send_list(&bot, msg.chat.id, &app.locales, &app.db, &wing.region_iso, lang).await
}

/// Writes a wing change to the audit log.
async fn audit_wing_change(
    pool: &SqlitePool,
    caller: &Caller,
    action: AuditAction,
    region_iso: &str,
    details: &serde_json::Value,
    now: i64,
) -> sqlx::Result<()> {
    let mut conn = pool.acquire().await?;
    audit::Entry::new(action, now)
        .by(Some(caller.user_id()))
        .region(Some(region_iso))
        .details(details)
        .record(&mut conn)
        .await
}

/// The wing, if it is active and the caller may manage its region.
async fn managed_wing(
    pool: &SqlitePool,
    caller: &Caller,
    wing_id: i64,
) -> anyhow::Result<Option<wings::Wing>> {
    Ok(wings::find_active(pool, wing_id).await?.filter(|wing| {
        allows(
            caller.staff.as_ref(),
            Action::ManageWings {
                region: &wing.region_iso,
            },
        )
    }))
}

/// Whether the caller manages the wings of `region_iso`, and the region exists: a button
/// naming another region is stale.
async fn manages_region(app: &App, caller: &Caller, region_iso: &str) -> anyhow::Result<bool> {
    if !allows(caller.staff.as_ref(), Action::ManageWings { region: region_iso }) {
        return Ok(false);
    }
    let region = regions::find(&app.db, region_iso)
        .await
        .context("reading the region")?;
    Ok(region.is_some())
}

fn name_error(locales: &Locales, lang: Lang, error: WingNameError) -> String {
    match error {
        WingNameError::TooShort => locales.text(lang, "wings-name-invalid"),
        WingNameError::ControlCharacter => locales.text(lang, "wings-name-control"),
        WingNameError::TooLong => locales.text(lang, "wings-name-too-long"),
    }
}
