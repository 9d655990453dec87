//! The question of each registration step, with its keyboard, and the summary before Confirm:
//! asked on the way forward, again after a wrong answer, and when a registration is resumed.

use anyhow::Context;
use teloxide::prelude::*;

use crate::bot::{App, BotDialogue, HandlerResult, State, keyboards};
use crate::db::{Db, regions};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;
use crate::telegram::callback::ProfileField;

use super::super::member_details::{Answers, ask_wing};
use super::Draft;

/// Stores `next` and asks its question.
pub(in crate::bot::handlers) async fn advance(
    bot: &Bot,
    dialogue: &BotDialogue,
    app: &App,
    next: State,
    lang: Lang,
) -> HandlerResult {
    // The question first: if Telegram fails it, the step is still the one this answer was
    // for, so the update can be handled again as it was.
    prompt(bot, dialogue.chat_id(), &app.locales, &app.db, &next, lang).await?;
    dialogue.update(next).await?;
    Ok(())
}

/// Asks the question of a registration step, with its keyboard.
pub async fn prompt(
    bot: &Bot,
    chat: ChatId,
    locales: &Locales,
    pool: &Db,
    state: &State,
    lang: Lang,
) -> HandlerResult {
    match state {
        State::RegLanguage => {
            // Asked in all three languages: the member may not read the one we guessed.
            let question = Lang::ALL
                .map(|l| locales.text(l, "reg-choose-language"))
                .join(" / ");
            bot.send_message(chat, question)
                .reply_markup(keyboards::languages(locales, Some(lang)))
                .await?;
        }
        State::RegActivationLanguage { draft } => {
            // In all three languages, as the plain language question is.
            let welcome = Lang::ALL
                .map(|l| locales.text(l, "activation-welcome"))
                .join("\n\n");
            bot.send_message(chat, welcome)
                .reply_markup(keyboards::languages(locales, Some(draft.lang)))
                .await?;
        }
        State::RegConsent { .. } => {
            bot.send_message(chat, locales.text(lang, "reg-consent-text"))
                .reply_markup(keyboards::consent(locales, lang))
                .await?;
        }
        State::RegName { draft } => match &draft.full_name {
            // Through a personal link: the list's name, to keep or correct.
            Some(name) => {
                let check =
                    locales.text_with(lang, "activation-check-name", &[("name", name.clone().into())]);
                bot.send_message(chat, check)
                    .reply_markup(keyboards::keep(locales, lang, ProfileField::Name, name))
                    .await?;
            }
            None => {
                bot.send_message(chat, locales.text(lang, "reg-ask-name")).await?;
            }
        },
        State::RegBirthYear { draft } => match draft.birth_year {
            Some(year) => {
                let check = locales.text_with(
                    lang,
                    "activation-check-birth-year",
                    &[("birth_year", year.into())],
                );
                bot.send_message(chat, check)
                    .reply_markup(keyboards::keep(
                        locales,
                        lang,
                        ProfileField::BirthYear,
                        &year.to_string(),
                    ))
                    .await?;
            }
            None => {
                bot.send_message(chat, locales.text(lang, "reg-ask-birth-year"))
                    .await?;
            }
        },
        State::RegGuardian { .. } => {
            bot.send_message(chat, locales.text(lang, "reg-guardian-question"))
                .reply_markup(keyboards::guardian(locales, lang))
                .await?;
        }
        State::RegRegion { draft } => {
            let regions = regions::list(pool).await.context("reading the regions")?;
            bot.send_message(chat, locales.text(lang, "reg-ask-region"))
                .reply_markup(keyboards::regions(&regions, lang, draft.region_iso.as_deref()))
                .await?;
        }
        State::RegWing { draft } => {
            let region_iso = draft.region_iso.as_deref().unwrap_or_default();
            ask_wing(bot, chat, locales, pool, region_iso, lang, draft.wing_id).await?;
        }
        State::RegPhone { .. } => {
            bot.send_message(chat, locales.text(lang, "reg-ask-phone"))
                .reply_markup(keyboards::share_phone(locales, lang, "phone-skip"))
                .await?;
        }
        State::RegConfirm { draft } => {
            let summary = summary(locales, pool, draft).await?;
            bot.send_message(chat, summary)
                .reply_markup(keyboards::confirm_registration(locales, lang))
                .await?;
        }
        _ => {}
    }
    Ok(())
}

async fn summary(locales: &Locales, pool: &Db, draft: &Draft) -> anyhow::Result<String> {
    let answers = Answers {
        full_name: draft.full_name.as_deref(),
        birth_year: draft.birth_year.unwrap_or_default(),
        region_iso: draft.region_iso.as_deref(),
        wing_id: draft.wing_id,
        phone: draft.phone.as_deref(),
    };
    let args = answers.as_args(locales, pool, draft.lang).await?;
    Ok(locales.text_with(draft.lang, "reg-summary", &args))
}
