//! Registration, one question at a time: language, consent, full name, birth year (and a
//! guardian's agreement under 18), region, youth wing, phone, confirmation.
//!
//! ```text
//! user: /start
//! bot:  Тілді таңдаңыз / Выберите язык / Choose your language   [Қазақша] [Русский] [English]
//! user: [Қазақша]
//! bot:  <consent text>                                          [Келісемін] [Бас тартамын]
//! ...
//! bot:  <summary>                                               [Растау] [Басынан бастау]
//! ```
//!
//! Each step is a dialogue state stored in SQLite; a restart in the middle loses nothing.
//!
//! Through a personal link (`activation.rs`) the same steps run with the details of the
//! headquarters' list already in the draft: the name and birth year steps offer to keep them
//! (the keep buttons' handlers are there), the region and wing pickers tick them, and Confirm
//! activates the pending person.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::KeyboardRemove;

use crate::bot::commands::StartPayload;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, reasons, state::Draft};
use crate::db::{members, pending, regions, wings};
use crate::domain::consent::CONSENT_VERSION;
use crate::domain::time::current_year;
use crate::domain::{BirthYear, FullName};
use crate::i18n::Lang;
use crate::telegram::Bot;

pub mod activation;
mod questions;

pub(super) use questions::advance;
pub use questions::prompt;

use super::member_details::{read_phone, turn_wing_page};
use super::{refuse_and_ask, settle};
use crate::bot::main_menu;

/// `/start` or `/register`: begins a registration, or picks up an unfinished one.
pub async fn start(
    bot: Bot,
    msg: Message,
    dialogue: BotDialogue,
    state: State,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    if let Some(member) = &caller.member {
        let name = member.full_name.clone().unwrap_or_default();
        let request = bot.send_message(
            msg.chat.id,
            app.locales
                .text_with(lang, "welcome-back", &[("name", name.into())]),
        );
        match main_menu::of(&app.locales, &caller) {
            Some(menu) => request.reply_markup(menu).await?,
            None => request.await?,
        };
        return Ok(());
    }
    if state.is_registration() {
        bot.send_message(msg.chat.id, app.locales.text(lang, "reg-resume"))
            .await?;
        return prompt(&bot, msg.chat.id, &app.locales, &app.db, &state, lang).await;
    }
    advance(&bot, &dialogue, &app, State::RegLanguage, lang).await
}

/// `/start` with a deep-link payload: `inv_<code>` takes an invite, `chk_<code>` checks in,
/// `crt_<code>` verifies a certificate, `m_<code>` opens an imported person's registration;
/// anything else is a plain start.
pub async fn start_with_payload(
    bot: Bot,
    msg: Message,
    payload: String,
    dialogue: BotDialogue,
    state: State,
    caller: Caller,
    app: App,
) -> HandlerResult {
    match StartPayload::parse(&payload) {
        StartPayload::Invite(code) => super::roles::redeem(bot, msg, code, caller, app).await,
        StartPayload::Checkin(code) => super::attended::checkin(bot, msg, code, caller, app).await,
        StartPayload::Certificate(code) => super::certificate::verify(bot, msg, code, caller, app).await,
        StartPayload::Activation(code) => {
            let link = activation::PersonalLink::of_code(&code);
            activation::open(bot, msg, link, dialogue, state, caller, app).await
        }
        StartPayload::Plain => start(bot, msg, dialogue, state, caller, app).await,
    }
}

/// Language chosen: the rest of the registration speaks it.
pub async fn language_chosen(
    bot: Bot,
    query: CallbackQuery,
    lang: Lang,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    settle(&bot, &query, &app.locales.text(lang, "language-name")).await?;
    advance(
        &bot,
        &dialogue,
        &app,
        State::RegConsent {
            draft: Draft::new(lang),
        },
        lang,
    )
    .await
}

/// Agree goes on to the name; Decline stores nothing and ends politely.
pub async fn consent_answered(
    bot: Bot,
    query: CallbackQuery,
    agreed: bool,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let choice = if agreed {
        "reg-consent-agree"
    } else {
        "reg-consent-decline"
    };
    settle(&bot, &query, &app.locales.text(lang, choice)).await?;
    if !agreed {
        dialogue.exit().await?;
        bot.send_message(dialogue.chat_id(), app.locales.text(lang, "reg-declined"))
            .await?;
        return Ok(());
    }
    draft.consent_at = Some(app.clock.unix());
    advance(&bot, &dialogue, &app, State::RegName { draft }, lang).await
}

pub async fn name_typed(
    bot: Bot,
    msg: Message,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    match FullName::parse(msg.text().unwrap_or_default()) {
        Ok(name) => {
            draft.full_name = Some(name.into_inner());
            advance(&bot, &dialogue, &app, State::RegBirthYear { draft }, lang).await
        }
        Err(error) => {
            let reason = reasons::full_name(&app.locales, lang, &error);
            let step = State::RegName { draft };
            let ask_again = prompt(&bot, msg.chat.id, &app.locales, &app.db, &step, lang);
            refuse_and_ask(&bot, msg.chat.id, reason, ask_again).await
        }
    }
}

pub async fn birth_year_typed(
    bot: Bot,
    msg: Message,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let this_year = current_year(app.clock.now());
    match BirthYear::parse(msg.text().unwrap_or_default(), this_year) {
        Ok(year) => {
            draft.birth_year = Some(year.year());
            let next = after_birth_year(draft, year, this_year);
            advance(&bot, &dialogue, &app, next, lang).await
        }
        Err(error) => {
            let reason = reasons::birth_year(&app.locales, lang, &error);
            let step = State::RegBirthYear { draft };
            let ask_again = prompt(&bot, msg.chat.id, &app.locales, &app.db, &step, lang);
            refuse_and_ask(&bot, msg.chat.id, reason, ask_again).await
        }
    }
}

/// Under 18 the guardian's agreement comes next; otherwise the region.
pub(super) fn after_birth_year(draft: Draft, year: BirthYear, this_year: i32) -> State {
    if year.is_minor(this_year) {
        State::RegGuardian { draft }
    } else {
        State::RegRegion { draft }
    }
}

/// Under 18: a parent or guardian must agree, and the confirmation is recorded.
pub async fn guardian_answered(
    bot: Bot,
    query: CallbackQuery,
    agreed: bool,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let choice = if agreed {
        "reg-guardian-yes"
    } else {
        "reg-guardian-no"
    };
    settle(&bot, &query, &app.locales.text(lang, choice)).await?;
    if !agreed {
        dialogue.exit().await?;
        bot.send_message(
            dialogue.chat_id(),
            app.locales.text(lang, "reg-guardian-declined"),
        )
        .await?;
        return Ok(());
    }
    draft.guardian_consent_at = Some(app.clock.unix());
    advance(&bot, &dialogue, &app, State::RegRegion { draft }, lang).await
}

pub async fn region_chosen(
    bot: Bot,
    query: CallbackQuery,
    region_iso: String,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let Some(region) = regions::find(&app.db, &region_iso)
        .await
        .context("reading the region")?
    else {
        return super::stale_choice(&bot, &query, &app.locales, lang).await;
    };
    settle(&bot, &query, region.name(lang)).await?;
    draft.region_iso = Some(region.iso_code);
    advance(&bot, &dialogue, &app, State::RegWing { draft }, lang).await
}

pub async fn wing_chosen(
    bot: Bot,
    query: CallbackQuery,
    wing_id: Option<i64>,
    mut draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let region_iso = draft.region_iso.clone().unwrap_or_default();
    let label = match wing_id {
        None => app.locales.text(lang, "wing-pick-none"),
        Some(id) => match wings::find_active_in_region(&app.db, id, &region_iso)
            .await
            .context("reading the wing")?
        {
            Some(wing) => wing.name,
            None => return super::stale_choice(&bot, &query, &app.locales, lang).await,
        },
    };
    settle(&bot, &query, &label).await?;
    draft.wing_id = wing_id;
    advance(&bot, &dialogue, &app, State::RegPhone { draft }, lang).await
}

/// The phone step takes only Telegram's contact sharing (of the sender's own number) or Skip.
pub async fn phone_sent(
    bot: Bot,
    msg: Message,
    mut draft: Draft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let answer = match read_phone(&msg, &caller, &app.locales, "phone-skip") {
        Ok(phone) => phone,
        Err(reason_key) => {
            let reason = app.locales.text(lang, reason_key);
            let step = State::RegPhone { draft };
            let ask_again = prompt(&bot, msg.chat.id, &app.locales, &app.db, &step, lang);
            return refuse_and_ask(&bot, msg.chat.id, reason, ask_again).await;
        }
    };
    let ack = if answer.is_some() {
        "phone-received"
    } else {
        "phone-skipped"
    };
    draft.phone = answer.map(|phone| phone.as_str().to_owned());
    dialogue
        .update(State::RegConfirm { draft: draft.clone() })
        .await?;
    bot.send_message(msg.chat.id, app.locales.text(lang, ack))
        .reply_markup(KeyboardRemove::new())
        .await?;
    prompt(
        &bot,
        msg.chat.id,
        &app.locales,
        &app.db,
        &State::RegConfirm { draft },
        lang,
    )
    .await
}

/// Confirm stores the member; pressing it twice stores nothing twice.
pub async fn confirmed(
    bot: Bot,
    query: CallbackQuery,
    draft: Draft,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = draft.lang;
    let pending_id = draft.pending_id;
    settle(&bot, &query, &app.locales.text(lang, "reg-confirm")).await?;
    let (Some(full_name), Some(birth_year), Some(region_iso), Some(consent_at)) = (
        draft.full_name,
        draft.birth_year,
        draft.region_iso,
        draft.consent_at,
    ) else {
        // Only a hand-made state could lack a step; start again rather than store half a member.
        return advance(&bot, &dialogue, &app, State::RegLanguage, lang).await;
    };
    let new_member = members::NewMember {
        telegram_user_id: caller.user_id(),
        chat_id: dialogue.chat_id().0,
        full_name,
        birth_year,
        region_iso,
        wing_id: draft.wing_id,
        phone: draft.phone,
        lang,
        consent_at,
        consent_version: CONSENT_VERSION.to_owned(),
        guardian_consent_at: draft.guardian_consent_at,
        username: caller.user.username.clone(),
    };
    let now = app.clock.unix();
    let stored = match pending_id {
        Some(pending_id) => pending::join(&app.db, pending_id, &new_member, now)
            .await
            .context("storing the member who joined through their link")?,
        None => members::insert(&app.db, &new_member, now)
            .await
            .context("storing the new member")?,
    };
    dialogue.exit().await?;
    let text = match stored {
        Some(member) => app.locales.text_with(
            lang,
            "reg-done",
            &[("name", member.full_name.unwrap_or_default().into())],
        ),
        None => app.locales.text(lang, "reg-already-member"),
    };
    // From now on the main menu is under the text field, in the member's language.
    let menu = main_menu::keyboard(&app.locales, lang, true, caller.role());
    let request = bot.send_message(dialogue.chat_id(), text);
    match menu {
        Some(menu) => request.reply_markup(menu).await?,
        None => request.await?,
    };
    Ok(())
}

/// Start over: back to the language, nothing stored. Through a personal link, back to the
/// details of the list, while the link still works.
pub async fn restarted(
    bot: Bot,
    query: CallbackQuery,
    draft: Draft,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    settle(&bot, &query, &app.locales.text(draft.lang, "reg-start-over")).await?;
    let imported = match draft.pending_id {
        Some(id) => pending::find(&app.db, id)
            .await
            .context("reading the pending person of the link")?,
        None => None,
    };
    let next = match imported {
        Some(pending) => State::RegActivationLanguage {
            draft: Draft::of_pending(&pending, draft.lang),
        },
        None => State::RegLanguage,
    };
    advance(&bot, &dialogue, &app, next, draft.lang).await
}

/// Text where a button was expected: say so and show the step again.
pub async fn expected_button(
    bot: Bot,
    msg: Message,
    state: State,
    caller: Caller,
    app: App,
) -> HandlerResult {
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "use-buttons"))
        .await?;
    prompt(&bot, msg.chat.id, &app.locales, &app.db, &state, caller.lang).await
}

/// Another page of the wings, during registration.
pub async fn wing_page(bot: Bot, query: CallbackQuery, page: i64, draft: Draft, app: App) -> HandlerResult {
    let region_iso = draft.region_iso.clone().unwrap_or_default();
    turn_wing_page(
        &bot,
        &query,
        &app.locales,
        &app.db,
        &region_iso,
        draft.lang,
        page,
        draft.wing_id,
    )
    .await
}
