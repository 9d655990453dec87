//! The `/broadcast` wizard once the audience is chosen: the message in one version per language,
//! the preview, then Discard, or Send, which queues every message in one transaction.

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

use crate::bot::callback::Callback;
use crate::bot::handlers::{answer, query_chat, settle, stale_choice};
use crate::bot::keyboards::button;
use crate::bot::state::BroadcastDraft;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State};
use crate::db::broadcasts::{self, NewBroadcast};
use crate::db::{Db, regions, wings};
use crate::delivery::progress::progress_text;
use crate::domain::audience::Audience;
use crate::i18n::{Lang, Locales, PerLang};
use crate::telegram::Bot;

use super::may_send_to;
use crate::bot::handlers::audit::audit_event;
use crate::bot::handlers::event_staff::message::{audience_name, messageable_event};
use crate::db::audit::AuditAction;
use crate::db::events;

/// Whether the caller may send to `audience`, by their stored role; an archived wing takes
/// no new broadcasts.
async fn may_send(pool: &SqlitePool, caller: &Caller, audience: &Audience) -> anyhow::Result<bool> {
    if let Audience::Event { event_id, .. } = audience {
        return Ok(messageable_event(pool, caller, *event_id).await?.is_some());
    }
    let wing_region = match audience {
        Audience::Wing { wing_id } => wings::find_active(pool, *wing_id).await?.map(|w| w.region_iso),
        _ => None,
    };
    Ok(may_send_to(
        caller.staff.as_ref(),
        audience,
        wing_region.as_deref(),
    ))
}

/// The audience is chosen: checked against the stored role, then the message is asked for.
pub(super) async fn with_audience(
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
        ack_labels: PerLang::from_fn(|l| app.locales.text(l, "broadcast-seen-it")),
    };
    let (id, total) = broadcasts::create(&app.db, &new, app.clock.ms())
        .await
        .context("queueing the broadcast")?;
    app.bell.ring();
    if let Audience::Event { event_id, people } = draft.audience
        && let Some(event) = events::find(&app.db, event_id)
            .await
            .context("reading the event")?
    {
        audit_event(
            &app,
            &caller,
            AuditAction::EventMessageSent,
            &event,
            serde_json::json!({
                "event_id": event_id,
                "people": people,
                "broadcast_id": id,
                "recipients": total,
            }),
        )
        .await
        .context("recording the message in the audit log")?;
    }
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
        Audience::Event { event_id, people } => events::find(pool, *event_id)
            .await?
            .map(|event| audience_name(locales, lang, &event, *people))
            .unwrap_or_default(),
    })
}
