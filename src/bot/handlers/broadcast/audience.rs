//! The `/broadcast` wizard's first step, who receives it: everyone, chosen regions, a region, or
//! one of a region's wings, a page of them at a time.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::bot::callback::Callback;
use crate::bot::handlers::{answer, query_chat, redraw, stale_choice};
use crate::bot::keyboards::button;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, keyboards};
use crate::db::{Db, regions, wings};
use crate::domain::audience::{Audience, EventPeople};
use crate::domain::role::{Action, Role, allows};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::compose::with_audience;

/// `/broadcast`: the audience first. Coordinators pick their region or a wing in it; admins
/// everyone, chosen regions, or a wing.
pub async fn start(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let rows: Vec<Vec<InlineKeyboardButton>> = match &caller.staff {
        Some(staff) if staff.role == Role::Admin => vec![
            vec![button(
                app.locales.text(lang, "broadcast-to-all"),
                Callback::BcAudienceAll,
            )],
            vec![button(
                app.locales.text(lang, "broadcast-to-regions"),
                Callback::BcChooseRegions,
            )],
            vec![button(
                app.locales.text(lang, "broadcast-to-wing"),
                Callback::BcChooseWing,
            )],
        ],
        Some(staff) if staff.role == Role::Coordinator => {
            let region_iso = staff.region_iso.clone().unwrap_or_default();
            wing_audiences(&app.db, &app.locales, lang, &region_iso, true, 1).await?
        }
        _ => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
                .await?;
            return Ok(());
        }
    };
    bot.send_message(msg.chat.id, app.locales.text(lang, "broadcast-who"))
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// An audience button: everyone, one region, or one wing.
pub async fn audience_chosen(
    bot: Bot,
    query: CallbackQuery,
    callback: Callback,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let audience = match callback {
        Callback::BcAudienceAll => Audience::All,
        Callback::BcAudienceRegion(iso) => Audience::Regions { regions: vec![iso] },
        Callback::BcAudienceWing(wing_id) => Audience::Wing { wing_id },
        _ => return stale_choice(&bot, &query, &app.locales, caller.lang).await,
    };
    with_audience(&bot, &query, &caller, &dialogue, &app.db, &app.locales, audience).await
}

/// Whom of an event's people (`/message`): its confirmed volunteers, those waiting, or those
/// marked present.
pub async fn event_people_chosen(
    bot: Bot,
    query: CallbackQuery,
    (event_id, people): (i64, EventPeople),
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let audience = Audience::Event { event_id, people };
    with_audience(&bot, &query, &caller, &dialogue, &app.db, &app.locales, audience).await
}

/// Admins: a list of regions to tick, then Done.
pub async fn choose_regions(
    bot: Bot,
    query: CallbackQuery,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    if !allows(caller.staff.as_ref(), Action::Broadcast { region: None }) {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    dialogue
        .update(State::BroadcastRegions { selected: vec![] })
        .await?;
    let markup = region_ticks(&app.db, &app.locales, caller.lang, &[]).await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text(caller.lang, "broadcast-pick-regions"),
    )
    .reply_markup(markup)
    .await?;
    Ok(())
}

async fn region_ticks(
    pool: &Db,
    locales: &Locales,
    lang: Lang,
    selected: &[String],
) -> anyhow::Result<InlineKeyboardMarkup> {
    let regions = regions::list(pool).await.context("reading the regions")?;
    let mut rows: Vec<Vec<InlineKeyboardButton>> = regions
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|region| {
                    let tick = if selected.contains(&region.iso_code) {
                        "✅ "
                    } else {
                        ""
                    };
                    button(
                        format!("{tick}{}", region.name(lang)),
                        Callback::BcToggleRegion(region.iso_code.clone()),
                    )
                })
                .collect()
        })
        .collect();
    rows.push(vec![button(
        locales.text(lang, "broadcast-regions-done"),
        Callback::BcRegionsDone,
    )]);
    Ok(InlineKeyboardMarkup::new(rows))
}

pub async fn toggle_region(
    bot: Bot,
    query: CallbackQuery,
    region_iso: String,
    mut selected: Vec<String>,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    if !allows(caller.staff.as_ref(), Action::Broadcast { region: None })
        || regions::find(&app.db, &region_iso)
            .await
            .context("reading the region")?
            .is_none()
    {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    match selected.iter().position(|iso| *iso == region_iso) {
        Some(i) => {
            selected.remove(i);
        }
        None => selected.push(region_iso),
    }
    dialogue
        .update(State::BroadcastRegions {
            selected: selected.clone(),
        })
        .await?;
    if let Some(message) = query.regular_message() {
        let markup = region_ticks(&app.db, &app.locales, caller.lang, &selected).await?;
        bot.edit_message_reply_markup(message.chat.id, message.id)
            .reply_markup(markup)
            .await?;
    }
    Ok(())
}

pub async fn regions_done(
    bot: Bot,
    query: CallbackQuery,
    selected: Vec<String>,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    if selected.is_empty() {
        answer(
            bot.answer_callback_query(query.id.clone())
                .text(app.locales.text(caller.lang, "broadcast-pick-regions")),
        )
        .await?;
        return Ok(());
    }
    let audience = Audience::Regions { regions: selected };
    with_audience(&bot, &query, &caller, &dialogue, &app.db, &app.locales, audience).await
}

/// Admins: a wing is picked by its region first.
pub async fn choose_wing(
    bot: Bot,
    query: CallbackQuery,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    if !allows(caller.staff.as_ref(), Action::Broadcast { region: None }) {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    dialogue.update(State::BroadcastWingRegion).await?;
    let regions = regions::list(&app.db).await.context("reading the regions")?;
    let picker = keyboards::regions_with(&regions, caller.lang, |iso| {
        Callback::BcWingRegion(iso.to_owned())
    });
    bot.send_message(
        query_chat(&query),
        app.locales.text(caller.lang, "wings-pick-region"),
    )
    .reply_markup(picker)
    .await?;
    Ok(())
}

pub async fn wing_region_chosen(
    bot: Bot,
    query: CallbackQuery,
    region_iso: String,
    caller: Caller,
    app: App,
) -> HandlerResult {
    if !allows(
        caller.staff.as_ref(),
        Action::Broadcast {
            region: Some(&region_iso),
        },
    ) {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    }
    let wings = wings::list_active(&app.db, &region_iso)
        .await
        .context("reading the region's wings")?;
    if wings.is_empty() {
        answer(
            bot.answer_callback_query(query.id.clone())
                .text(app.locales.text(caller.lang, "wings-none")),
        )
        .await?;
        return Ok(());
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let rows = wing_audiences(&app.db, &app.locales, caller.lang, &region_iso, false, 1).await?;
    bot.send_message(query_chat(&query), app.locales.text(caller.lang, "broadcast-who"))
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// An arrow under a region's wings as audiences: the same question with another page of them.
pub async fn wings_page_turned(
    bot: Bot,
    query: CallbackQuery,
    (region_iso, page): (String, i64),
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(staff) = caller.staff.as_ref().filter(|_| {
        allows(
            caller.staff.as_ref(),
            Action::Broadcast {
                region: Some(&region_iso),
            },
        )
    }) else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    // A coordinator's list starts with their whole region; an admin's lists the wings only.
    let with_region = staff.role != Role::Admin;
    let rows = wing_audiences(&app.db, &app.locales, caller.lang, &region_iso, with_region, page).await?;
    let text = app.locales.text(caller.lang, "broadcast-who");
    redraw(&bot, &query, text, InlineKeyboardMarkup::new(rows)).await
}

/// A region's active wings as audiences, [`keyboards::WINGS_A_PAGE`] a page with arrows, under
/// the whole region when `with_region`.
async fn wing_audiences(
    pool: &SqlitePool,
    locales: &Locales,
    lang: Lang,
    region_iso: &str,
    with_region: bool,
    page: i64,
) -> anyhow::Result<Vec<Vec<InlineKeyboardButton>>> {
    let mut rows = Vec::new();
    if with_region {
        rows.push(vec![button(
            locales.text(lang, "broadcast-to-region"),
            Callback::BcAudienceRegion(region_iso.to_owned()),
        )]);
    }
    let all = wings::list_active(pool, region_iso)
        .await
        .context("reading the region's wings")?;
    let (shown, page, pages) = keyboards::page_of(&all, page, keyboards::WINGS_A_PAGE);
    for wing in shown {
        rows.push(vec![button(&wing.name, Callback::BcAudienceWing(wing.id))]);
    }
    if pages > 1 {
        rows.push(keyboards::page_row(page, pages, |p| {
            Callback::BcWingsPage(region_iso.to_owned(), p)
        }));
    }
    Ok(rows)
}
