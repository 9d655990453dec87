//! Joining through a personal link (`/start m_<code>`): a person a headquarters imported
//! registers with the details of its list filled in, giving consent themselves and checking
//! each detail on the way (the steps are registration's); a member who opens a link keeps
//! their own details.
//!
//! ```text
//! user: /start m_0a1b2c3d4e5f60718293
//! bot:  <welcome, in kk, ru and en>                       [✓ Қазақша] [Русский] [English]
//! user: [✓ Қазақша]
//! bot:  <consent text>                                    [✅ Келісемін] [Бас тарту]
//! user: [✅ Келісемін]
//! bot:  Штаб тізімінде аты-жөніңіз: Әйгерім Нұрланқызы     [✓ Қалдыру: Әйгерім Нұрланқызы]
//! user: [✓ Қалдыру: Әйгерім Нұрланқызы]          (or writes the name as it should be)
//! bot:  … the birth year the same way; the region and wing with the list's ticked; the
//!       phone; the summary                               [✅ Растау] [Басынан бастау]
//! ```
//!
//! The link is the secret: whoever opens it sees the list's details, so they are shown to
//! nobody else, and a link that no longer works says only that.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::InlineKeyboardMarkup;

use crate::bot::reasons;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, keyboards, state::Draft};
use crate::db::pending;
use crate::domain::link_code::LinkCode;
use crate::domain::time::current_year;
use crate::domain::{BirthYear, FullName};
use crate::i18n::Lang;
use crate::telegram::Bot;
use crate::telegram::callback::Callback;

use super::{advance, after_birth_year, prompt};
use crate::bot::handlers::{query_chat, settle, stale_choice};

/// What `/start m_…` carried: a code as the database writes them, or `None` for anything
/// else after `m_` (a link mangled in copying), which no pending person has.
#[derive(Clone, Debug)]
pub struct PersonalLink(Option<LinkCode>);

impl PersonalLink {
    /// The code after `m_` in a `/start` payload.
    pub fn of_code(code: &str) -> Self {
        Self(LinkCode::parse(code))
    }
}

/// `/start m_<code>`: the registration of the link's pending person, or why not.
pub async fn open(
    bot: Bot,
    msg: Message,
    link: PersonalLink,
    dialogue: BotDialogue,
    state: State,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let chat = msg.chat.id;
    let found = match &link.0 {
        Some(code) => pending::find_by_code(&app.db, code.as_str(), links_valid_after(&app))
            .await
            .context("reading the pending person of a link")?,
        None => None,
    };
    let (Some(pending), Some(code)) = (found, link.0) else {
        let key = if caller.member.is_some() {
            "activation-link-invalid-member"
        } else {
            "activation-link-invalid"
        };
        bot.send_message(chat, app.locales.text(caller.lang, key)).await?;
        return Ok(());
    };
    if let Some(member) = &caller.member {
        // Nothing from the list is shown or copied: the member may not be the listed person.
        let lang = caller.lang;
        let name = member.full_name.clone().unwrap_or_default();
        let keep = keyboards::button(
            app.locales.text(lang, "activation-keep-mine"),
            Callback::KeepMyDetails(code),
        );
        bot.send_message(
            chat,
            app.locales
                .text_with(lang, "activation-registered-already", &[("name", name.into())]),
        )
        .reply_markup(InlineKeyboardMarkup::new([[keep]]))
        .await?;
        return Ok(());
    }
    if state.draft().and_then(|draft| draft.pending_id) == Some(pending.id) {
        // The same link opened again: carry on where the person stopped.
        bot.send_message(chat, app.locales.text(caller.lang, "reg-resume"))
            .await?;
        return prompt(&bot, chat, &app.locales, &app.db, &state, caller.lang).await;
    }
    let lang = pending.lang.unwrap_or(caller.lang);
    let draft = Draft::of_pending(&pending, lang);
    advance(
        &bot,
        &dialogue,
        &app,
        State::RegActivationLanguage { draft },
        lang,
    )
    .await
}

/// The language of a registration through a link: the rest speaks it, the list's details kept.
pub async fn language_chosen(
    bot: Bot,
    query: CallbackQuery,
    lang: Lang,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    settle(&bot, &query, &app.locales.text(lang, "language-name")).await?;
    draft.lang = lang;
    advance(&bot, &dialogue, &app, State::RegConsent { draft }, lang).await
}

/// Keep: the name the headquarters' list has, through the same checks as a typed one.
pub async fn name_kept(
    bot: Bot,
    query: CallbackQuery,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let Some(kept) = draft.full_name.clone() else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    settle(&bot, &query, &keyboards::keep_label(&app.locales, lang, &kept)).await?;
    match FullName::parse(&kept) {
        Ok(_) => advance(&bot, &dialogue, &app, State::RegBirthYear { draft }, lang).await,
        Err(error) => {
            // The list's name is not one registration takes: the person writes theirs.
            bot.send_message(dialogue.chat_id(), reasons::full_name(&app.locales, lang, &error))
                .await?;
            draft.full_name = None;
            advance(&bot, &dialogue, &app, State::RegName { draft }, lang).await
        }
    }
}

/// Keep: the birth year the headquarters' list has, through the same checks as a typed one
/// (a year imported months ago may be out of the movement's ages by now).
pub async fn birth_year_kept(
    bot: Bot,
    query: CallbackQuery,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let Some(kept) = draft.birth_year else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    settle(
        &bot,
        &query,
        &keyboards::keep_label(&app.locales, lang, &kept.to_string()),
    )
    .await?;
    let this_year = current_year(app.clock.now());
    match BirthYear::new(kept, this_year) {
        Ok(year) => {
            let next = after_birth_year(draft, year, this_year);
            advance(&bot, &dialogue, &app, next, lang).await
        }
        Err(error) => {
            bot.send_message(
                dialogue.chat_id(),
                reasons::birth_year(&app.locales, lang, &error),
            )
            .await?;
            draft.birth_year = None;
            advance(&bot, &dialogue, &app, State::RegBirthYear { draft }, lang).await
        }
    }
}

/// A member who opened a link keeps their own details: the pending person is activated onto
/// them (their row unchanged) and the link stops working.
pub async fn keep_my_details(
    bot: Bot,
    query: CallbackQuery,
    code: LinkCode,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    let found = pending::find_by_code(&app.db, code.as_str(), links_valid_after(&app))
        .await
        .context("reading the pending person of a link")?;
    let Some(pending) = found else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    if !pending::keep_member(&app.db, pending.id, member.id)
        .await
        .context("activating a link onto a member")?
    {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    }
    settle(&bot, &query, &app.locales.text(lang, "activation-keep-mine")).await?;
    bot.send_message(query_chat(&query), app.locales.text(lang, "activation-kept"))
        .await?;
    Ok(())
}

/// Links of people imported at or before this moment have expired.
fn links_valid_after(app: &App) -> i64 {
    pending::expiry_cutoff(app.clock.unix(), app.config.pending_days)
}
