//! `/broadcast`, `/broadcasts`, "Seen it", and `/linkgroup`.
//!
//! ```text
//! coordinator: /broadcast
//! bot:         Who should receive it?            [Whole region] [Korean youth] ...
//! coordinator: [Whole region]
//! bot:         Send the message (text, photo, document or video).
//! coordinator: <a photo with a formatted caption>
//! bot:         Which language is this version in?  [Қазақша] [Русский] [English]
//! coordinator: [Русский]   ...another version, or [Preview]
//! bot:         <copies of the versions> 1,234 members and 2 groups. [Send] ["Seen it": off] [Discard]
//! coordinator: [Send]
//! bot:         Broadcast #7: 0 of 1,236 sent...  (edited as it goes, then the report)
//! ```

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId};

use crate::bot::callback::Callback;
use crate::bot::keyboards::button;
use crate::bot::state::BroadcastDraft;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, keyboards};
use crate::db::audit::AuditAction;
use crate::db::broadcasts::{self, NewBroadcast};
use crate::db::{Db, audit, deliveries, groups, regions, wings};
use crate::delivery::progress::progress_text;
use crate::domain::audience::Audience;
use crate::domain::role::{Action, Role, allows};
use crate::domain::status::BroadcastStatus;
use crate::exports;
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::{answer, query_chat, redraw, settle, stale_choice};

/// Whether the caller may send to `audience`, by their stored role.
async fn may_send(pool: &SqlitePool, caller: &Caller, audience: &Audience) -> anyhow::Result<bool> {
    let staff = caller.staff.as_ref();
    Ok(match audience {
        Audience::All => allows(staff, Action::Broadcast { region: None }),
        Audience::Regions { regions } => match regions.as_slice() {
            [one] => allows(staff, Action::Broadcast { region: Some(one) }),
            _ => allows(staff, Action::Broadcast { region: None }),
        },
        Audience::Wing { wing_id } => match wings::find_active(pool, *wing_id).await? {
            Some(wing) => allows(
                staff,
                Action::Broadcast {
                    region: Some(&wing.region_iso),
                },
            ),
            None => false,
        },
    })
}

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

/// The audience is chosen: checked against the stored role, then the message is asked for.
async fn with_audience(
    bot: &Bot,
    query: &CallbackQuery,
    caller: &Caller,
    dialogue: &BotDialogue,
    pool: &Db,
    locales: &Locales,
    audience: Audience,
) -> HandlerResult {
    if !may_send(pool, caller, &audience).await? {
        return stale_choice(bot, query, locales, caller.lang).await;
    }
    let label = audience_label(locales, pool, caller.lang, &audience).await?;
    settle(bot, query, &label).await?;
    compose(bot, query_chat(query), dialogue, locales, caller.lang, audience).await
}

async fn compose(
    bot: &Bot,
    chat: ChatId,
    dialogue: &BotDialogue,
    locales: &Locales,
    lang: Lang,
    audience: Audience,
) -> HandlerResult {
    let draft = BroadcastDraft {
        audience,
        versions: vec![],
        with_ack: false,
    };
    dialogue.update(State::BroadcastCompose { draft }).await?;
    bot.send_message(chat, locales.text(lang, "broadcast-send-message"))
        .await?;
    Ok(())
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

/// A message to broadcast: any text, photo, document or video. Its language is asked next.
pub async fn message_received(
    bot: Bot,
    msg: Message,
    mut draft: BroadcastDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let supported =
        msg.text().is_some() || msg.photo().is_some() || msg.document().is_some() || msg.video().is_some();
    if !supported {
        bot.send_message(msg.chat.id, app.locales.text(lang, "broadcast-unsupported"))
            .await?;
        return Ok(());
    }
    if draft
        .versions
        .last()
        .is_some_and(|(version_lang, _)| version_lang.is_none())
    {
        bot.send_message(msg.chat.id, app.locales.text(lang, "broadcast-language-first"))
            .await?;
        return Ok(());
    }
    draft.versions.push((None, msg.id.0));
    let taken: Vec<Lang> = draft.versions.iter().filter_map(|(l, _)| *l).collect();
    dialogue.update(State::BroadcastCompose { draft }).await?;
    let row: Vec<InlineKeyboardButton> = Lang::ALL
        .into_iter()
        .filter(|l| !taken.contains(l))
        .map(|l| button(app.locales.text(l, "language-name"), Callback::BcVersionLang(l)))
        .collect();
    bot.send_message(msg.chat.id, app.locales.text(lang, "broadcast-which-language"))
        .reply_markup(InlineKeyboardMarkup::new([row]))
        .await?;
    Ok(())
}

pub async fn version_language(
    bot: Bot,
    query: CallbackQuery,
    version_lang: Lang,
    mut draft: BroadcastDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let taken = draft.versions.iter().any(|(l, _)| *l == Some(version_lang));
    let Some(last) = draft.versions.last_mut().filter(|(l, _)| l.is_none() && !taken) else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    last.0 = Some(version_lang);
    settle(&bot, &query, &app.locales.text(version_lang, "language-name")).await?;
    let can_add = draft.versions.len() < Lang::ALL.len();
    dialogue.update(State::BroadcastCompose { draft }).await?;
    let key = if can_add {
        "broadcast-version-saved"
    } else {
        "broadcast-all-versions"
    };
    bot.send_message(query_chat(&query), app.locales.text(lang, key))
        .reply_markup(InlineKeyboardMarkup::new([[button(
            app.locales.text(lang, "broadcast-preview"),
            Callback::BcPreview,
        )]]))
        .await?;
    Ok(())
}

/// The versions as members will see them, the audience size, and Send / "Seen it" / Discard.
pub async fn preview(
    bot: Bot,
    query: CallbackQuery,
    draft: BroadcastDraft,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let chat = query_chat(&query);
    if draft.versions.is_empty() || draft.versions.iter().any(|(l, _)| l.is_none()) {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    answer(bot.answer_callback_query(query.id.clone())).await?;
    send_preview(&bot, chat, &draft, &caller, &app.db, &app.locales).await
}

async fn send_preview(
    bot: &Bot,
    chat: ChatId,
    draft: &BroadcastDraft,
    caller: &Caller,
    pool: &Db,
    locales: &Locales,
) -> HandlerResult {
    let lang = caller.lang;
    for (version_lang, message_id) in &draft.versions {
        let name = locales.text(version_lang.unwrap_or(lang), "language-name");
        bot.send_message(
            chat,
            locales.text_with(lang, "broadcast-preview-version", &[("language", name.into())]),
        )
        .await?;
        bot.copy_message(chat, chat, MessageId(*message_id)).await?;
    }
    let (members, groups) = broadcasts::audience_size(pool, &draft.audience)
        .await
        .context("counting the audience")?;
    let audience = audience_label(locales, pool, lang, &draft.audience).await?;
    let summary = locales.text_with(
        lang,
        "broadcast-summary",
        &[
            ("audience", audience.into()),
            ("members", members.into()),
            ("groups", groups.into()),
        ],
    );
    let markup = send_keyboard(locales, lang, members + groups, draft.with_ack);
    bot.send_message(chat, summary).reply_markup(markup).await?;
    Ok(())
}

/// Send (with the audience size), the "Seen it" switch, and Discard.
fn send_keyboard(locales: &Locales, lang: Lang, recipients: i64, with_ack: bool) -> InlineKeyboardMarkup {
    let ack_key = if with_ack {
        "broadcast-ack-on"
    } else {
        "broadcast-ack-off"
    };
    InlineKeyboardMarkup::new([
        vec![button(
            locales.text_with(lang, "broadcast-send", &[("count", recipients.into())]),
            Callback::BcSend,
        )],
        vec![button(locales.text(lang, ack_key), Callback::BcToggleAck)],
        vec![button(
            locales.text(lang, "broadcast-discard"),
            Callback::BcDiscard,
        )],
    ])
}

pub async fn toggle_ack(
    bot: Bot,
    query: CallbackQuery,
    mut draft: BroadcastDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    draft.with_ack = !draft.with_ack;
    dialogue
        .update(State::BroadcastCompose { draft: draft.clone() })
        .await?;
    answer(bot.answer_callback_query(query.id.clone())).await?;
    if let Some(message) = query.regular_message() {
        let lang = caller.lang;
        let (members, groups) = broadcasts::audience_size(&app.db, &draft.audience)
            .await
            .context("counting the audience")?;
        let markup = send_keyboard(&app.locales, lang, members + groups, draft.with_ack);
        bot.edit_message_reply_markup(message.chat.id, message.id)
            .reply_markup(markup)
            .await?;
    }
    Ok(())
}

pub async fn discard(
    bot: Bot,
    query: CallbackQuery,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    settle(&bot, &query, &app.locales.text(caller.lang, "broadcast-discard")).await?;
    dialogue.exit().await?;
    bot.send_message(
        query_chat(&query),
        app.locales.text(caller.lang, "broadcast-discarded"),
    )
    .await?;
    Ok(())
}

/// Send: the audience is checked again against the stored role, then every message is queued
/// in one transaction and the status message appears.
pub async fn send(
    bot: Bot,
    query: CallbackQuery,
    draft: BroadcastDraft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let versions: Vec<(Lang, i32)> = draft
        .versions
        .iter()
        .filter_map(|(l, id)| l.map(|l| (l, *id)))
        .collect();
    if versions.is_empty()
        || versions.len() != draft.versions.len()
        || !may_send(&app.db, &caller, &draft.audience).await?
    {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    // The state goes first: a second press of Send finds no draft and changes nothing.
    dialogue.exit().await?;
    settle(&bot, &query, &app.locales.text(lang, "broadcast-send-chosen")).await?;
    let chat = query_chat(&query);
    let new = NewBroadcast {
        created_by: caller.user_id(),
        sender_chat_id: chat.0,
        audience: &draft.audience,
        with_ack: draft.with_ack,
        lang,
        versions: &versions,
        ack_labels: Lang::ALL.map(|l| app.locales.text(l, "broadcast-seen-it")),
    };
    let (id, _total) = broadcasts::create(&app.db, &new, app.clock.ms())
        .await
        .context("queueing the broadcast")?;
    app.bell.ring();
    let broadcast = broadcasts::find(&app.db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("broadcast {id} vanished"))?;
    let figures = broadcasts::figures(&app.db, id)
        .await
        .context("reading the broadcast's figures")?;
    let status = bot
        .send_message(chat, progress_text(&app.locales, &broadcast, &figures))
        .reply_markup(InlineKeyboardMarkup::new([[button(
            app.locales.text(lang, "broadcast-cancel"),
            Callback::BroadcastCancel(id),
        )]]))
        .await?;
    broadcasts::set_status_message(&app.db, id, status.id.0)
        .await
        .context("noting the progress message")?;
    Ok(())
}

/// Whether the caller may see or stop this broadcast: an admin, or its sender while their
/// current role still lets them send to its audience (a sender demoted, or moved to another
/// region, loses its report and its list of whom it did not reach).
async fn owns(pool: &SqlitePool, caller: &Caller, broadcast: &broadcasts::Broadcast) -> anyhow::Result<bool> {
    let staff = caller.staff.as_ref();
    if staff.is_some_and(|s| s.role == Role::Admin) {
        return Ok(true);
    }
    if broadcast.created_by != Some(caller.user_id()) {
        return Ok(false);
    }
    let Ok(audience) = serde_json::from_str::<Audience>(&broadcast.audience) else {
        return Ok(false);
    };
    Ok(match &audience {
        Audience::All => allows(staff, Action::Broadcast { region: None }),
        Audience::Regions { regions } => match regions.as_slice() {
            [one] => allows(staff, Action::Broadcast { region: Some(one) }),
            _ => allows(staff, Action::Broadcast { region: None }),
        },
        // A wing archived since still names its region.
        Audience::Wing { wing_id } => match wings::find(pool, *wing_id).await? {
            Some(wing) => allows(
                staff,
                Action::Broadcast {
                    region: Some(&wing.region_iso),
                },
            ),
            None => false,
        },
    })
}

/// The broadcast, if the caller [`owns`] it.
async fn owned(
    pool: &SqlitePool,
    caller: &Caller,
    broadcast_id: i64,
) -> anyhow::Result<Option<broadcasts::Broadcast>> {
    Ok(match broadcasts::find(pool, broadcast_id).await? {
        Some(broadcast) if owns(pool, caller, &broadcast).await? => Some(broadcast),
        _ => None,
    })
}

pub async fn cancel(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(broadcast) = owned(&app.db, &caller, broadcast_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    if !broadcasts::cancel(&app.db, broadcast.id)
        .await
        .context("cancelling the broadcast")?
    {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    let stopped = deliveries::cancel_broadcast(&app.db, broadcast.id, app.clock.unix())
        .await
        .context("withdrawing the broadcast's messages")?;
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(
                app.locales
                    .text_with(lang, "broadcast-cancelled", &[("count", (stopped as i64).into())]),
            ),
    )
    .await?;
    Ok(())
}

/// The CSV of members and groups a broadcast did not reach; an export of personal data, so
/// it is audit-logged.
pub async fn unreached_csv(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(broadcast) = owned(&app.db, &caller, broadcast_id).await? else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let rows = broadcasts::unreached(&app.db, broadcast.id)
        .await
        .context("reading who was not reached")?;
    let count = rows.len();
    let header = exports::header(
        &app.locales,
        lang,
        &[
            "csv-member-id",
            "csv-full-name",
            "csv-region",
            "csv-wing",
            "csv-chat",
            "csv-status",
            "csv-reason",
        ],
    );
    let (bytes, _) = exports::csv_off_thread(
        header,
        rows.into_iter().map(|row| {
            vec![
                row.member_id.into(),
                row.full_name.into(),
                row.region_iso.into(),
                row.wing.into(),
                // A group's chat id is a negative number the bot keeps, not text.
                row.is_group.then_some(row.chat_id).into(),
                row.status.as_str().into(),
                row.reason.into(),
            ]
        }),
    )
    .await?;
    let now = app.clock.unix();
    let mut conn = app.db.acquire().await?;
    let details =
        serde_json::json!({ "what": "broadcast not reached", "broadcast_id": broadcast.id, "rows": count });
    audit::Entry::new(AuditAction::DataExported, now)
        .by(Some(caller.user_id()))
        .details(&details)
        .record(&mut conn)
        .await?;
    bot.send_document(
        query_chat(&query),
        InputFile::memory(bytes).file_name(format!("broadcast-{}-not-reached.csv", broadcast.id)),
    )
    .await
    .context("sending the unreached list")?;
    Ok(())
}

/// A broadcast's report as it stands now, "Seen it" presses included.
pub async fn report(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(broadcast) = owned(&app.db, &caller, broadcast_id).await? else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let figures = broadcasts::figures(&app.db, broadcast.id)
        .await
        .context("reading the broadcast's figures")?;
    // The report speaks the asker's language, whoever sent the broadcast.
    let broadcast = broadcasts::Broadcast {
        lang: caller.lang,
        ..broadcast
    };
    let text = if figures.is_finished() {
        crate::delivery::progress::report_text(&app.locales, &app.db, &broadcast, &figures).await?
    } else {
        progress_text(&app.locales, &broadcast, &figures)
    };
    bot.send_message(query_chat(&query), text).await?;
    Ok(())
}

/// `/broadcasts`: the latest ones with their figures; running ones can be cancelled.
pub async fn list(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let Some(staff) = &caller.staff else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    };
    if staff.role < Role::Coordinator {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    }
    let created_by = (staff.role != Role::Admin).then(|| caller.user_id());
    let mut recent = Vec::new();
    for broadcast in broadcasts::recent(&app.db, created_by, 10)
        .await
        .context("reading the recent broadcasts")?
    {
        if owns(&app.db, &caller, &broadcast).await? {
            recent.push(broadcast);
        }
    }
    if recent.is_empty() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "broadcasts-none"))
            .await?;
        return Ok(());
    }
    let mut text = app.locales.text(lang, "broadcasts-title");
    let mut rows = Vec::new();
    for broadcast in &recent {
        let figures = broadcasts::figures(&app.db, broadcast.id)
            .await
            .context("reading the broadcast's figures")?;
        let status_key = match broadcast.status {
            BroadcastStatus::Sending => "broadcasts-status-sending",
            BroadcastStatus::Cancelled => "broadcasts-status-cancelled",
            BroadcastStatus::Done => "broadcasts-status-done",
        };
        text.push('\n');
        text.push_str(&app.locales.text_with(
            lang,
            "broadcasts-line",
            &[
                ("id", broadcast.id.into()),
                ("date", app.locales.date(lang, broadcast.created_at).into()),
                ("status", app.locales.text(lang, status_key).into()),
                ("delivered", figures.delivered.into()),
                ("total", broadcast.total.into()),
                ("blocked", figures.blocked.into()),
                ("failed", figures.failed.into()),
            ],
        ));
        let mut row = vec![button(
            app.locales
                .text_with(lang, "broadcasts-report-one", &[("id", broadcast.id.into())]),
            Callback::BroadcastReport(broadcast.id),
        )];
        if broadcast.status == BroadcastStatus::Sending {
            row.push(button(
                app.locales
                    .text_with(lang, "broadcasts-cancel-one", &[("id", broadcast.id.into())]),
                Callback::BroadcastCancel(broadcast.id),
            ));
        }
        rows.push(row);
    }
    bot.send_message(msg.chat.id, text)
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// "Seen it": counted once per member, only for members the broadcast reached.
pub async fn seen_it(
    bot: Bot,
    query: CallbackQuery,
    broadcast_id: i64,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let acknowledged = broadcasts::acknowledge(&app.db, broadcast_id, member.id, app.clock.unix())
        .await
        .context("noting the acknowledgement")?;
    if acknowledged == broadcasts::Acknowledged::NotARecipient {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    answer(
        bot.answer_callback_query(query.id.clone())
            .text(app.locales.text(lang, "broadcast-seen-thanks")),
    )
    .await?;
    Ok(())
}

/// `/linkgroup` in a group: the region's announcements appear there too.
pub async fn link_group(bot: Bot, msg: Message, args: String, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    if msg.chat.is_private() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "linkgroup-in-group"))
            .await?;
        return Ok(());
    }
    let region_iso = match (args.trim(), &caller.staff) {
        // Admins have no region of their own: they name it.
        ("", Some(staff)) if staff.role == Role::Admin => {
            bot.send_message(msg.chat.id, app.locales.text(lang, "linkgroup-which-region"))
                .await?;
            return Ok(());
        }
        ("", Some(staff)) => staff.region_iso.clone(),
        ("", None) => None,
        (query, _) => regions::find_by_query(&app.db, query)
            .await
            .context("looking up the region")?
            .map(|r| r.iso_code),
    };
    let Some(region_iso) =
        region_iso.filter(|iso| allows(caller.staff.as_ref(), Action::LinkGroup { region: iso }))
    else {
        bot.send_message(msg.chat.id, app.locales.text(lang, "not-allowed"))
            .await?;
        return Ok(());
    };
    let now = app.clock.unix();
    groups::link(
        &app.db,
        msg.chat.id.0,
        &region_iso,
        msg.chat.title(),
        caller.user_id(),
        now,
    )
    .await?;
    let details = serde_json::json!({ "chat_id": msg.chat.id.0 });
    audit::Entry::new(AuditAction::GroupLinked, now)
        .by(Some(caller.user_id()))
        .region(Some(&region_iso))
        .details(&details)
        .record(&mut *app.db.acquire().await?)
        .await?;
    let region = regions::find(&app.db, &region_iso)
        .await
        .context("reading the region")?
        .map(|r| r.name(lang).to_owned())
        .unwrap_or_default();
    bot.send_message(
        msg.chat.id,
        app.locales
            .text_with(lang, "linkgroup-done", &[("region", region.into())]),
    )
    .await?;
    Ok(())
}

async fn audience_label(
    locales: &Locales,
    pool: &Db,
    lang: Lang,
    audience: &Audience,
) -> anyhow::Result<String> {
    Ok(match audience {
        Audience::All => locales.text(lang, "broadcast-to-all"),
        Audience::Regions { regions: isos } => {
            let all = regions::list(pool).await.context("reading the regions")?;
            all.iter()
                .filter(|r| isos.contains(&r.iso_code))
                .map(|r| r.name(lang))
                .collect::<Vec<_>>()
                .join(", ")
        }
        Audience::Wing { wing_id } => wings::find(pool, *wing_id)
            .await?
            .map(|w| w.name)
            .unwrap_or_default(),
    })
}
