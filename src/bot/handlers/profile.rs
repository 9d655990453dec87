//! `/profile`: the member's card, and a change of each field; `/language`.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::KeyboardRemove;

use crate::bot::callback::ProfileField;
use crate::bot::main_menu;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State, keyboards, reasons};
use crate::db::members::{self, Member};
use crate::db::{Db, regions, wings};
use crate::domain::role::Role;
use crate::domain::time::current_year;
use crate::domain::{BirthYear, FullName};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

use super::member_details::{Answers, ask_wing, read_phone, turn_wing_page};
use super::registration;
use super::{answer, query_chat, refuse_and_ask, settle, stale_choice};

/// `/profile`: the card with a button per field. Not registered yet: how to register.
pub async fn show(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    match &caller.member {
        Some(member) => send_card(&bot, msg.chat.id, &app.locales, &app.db, member).await,
        None => {
            bot.send_message(msg.chat.id, app.locales.text(caller.lang, "not-registered"))
                .await?;
            Ok(())
        }
    }
}

async fn send_card(bot: &Bot, chat: ChatId, locales: &Locales, pool: &Db, member: &Member) -> HandlerResult {
    let lang = member.lang;
    let answers = Answers {
        full_name: member.full_name.as_deref(),
        birth_year: member.birth_year,
        region_iso: Some(&member.region_iso),
        wing_id: member.wing_id,
        phone: member.phone.as_deref(),
    };
    let mut args = answers.as_args(locales, pool, lang).await?;
    args.push(("registered", locales.date(lang, member.registered_at).into()));
    let card = locales.text_with(lang, "profile-card", &args);
    bot.send_message(chat, card)
        .reply_markup(keyboards::profile(locales, lang))
        .await?;
    Ok(())
}

/// A field's edit button: asks for the new value.
pub async fn edit_chosen(
    bot: Bot,
    query: CallbackQuery,
    field: ProfileField,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let Some(member) = &caller.member else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    answer(bot.answer_callback_query(query.id.clone())).await?;
    let chat = query_chat(&query);
    match field {
        ProfileField::Name => {
            dialogue.update(State::EditName).await?;
            ask(&bot, chat, &app.locales, lang, "profile-ask-name").await?;
        }
        ProfileField::BirthYear => {
            dialogue.update(State::EditBirthYear).await?;
            ask(&bot, chat, &app.locales, lang, "profile-ask-birth-year").await?;
        }
        ProfileField::Region => {
            dialogue.update(State::EditRegion).await?;
            let regions = regions::list(&app.db).await.context("reading the regions")?;
            bot.send_message(chat, app.locales.text(lang, "reg-ask-region"))
                .reply_markup(keyboards::regions(&regions, lang, None))
                .await?;
        }
        ProfileField::Wing => {
            dialogue
                .update(State::EditWing {
                    region_iso: member.region_iso.clone(),
                })
                .await?;
            ask_wing(&bot, chat, &app.locales, &app.db, &member.region_iso, lang, None).await?;
        }
        ProfileField::Phone => {
            dialogue.update(State::EditPhone).await?;
            bot.send_message(chat, app.locales.text(lang, "profile-ask-phone"))
                .reply_markup(keyboards::share_phone(&app.locales, lang, "phone-remove"))
                .await?;
        }
        ProfileField::Language => {
            dialogue.exit().await?;
            bot.send_message(chat, app.locales.text(lang, "language-ask"))
                .reply_markup(keyboards::languages(&app.locales, Some(lang)))
                .await?;
        }
    }
    Ok(())
}

/// Asks for the new value of a field that is typed.
async fn ask(bot: &Bot, chat: ChatId, locales: &Locales, lang: Lang, question_key: &str) -> HandlerResult {
    bot.send_message(chat, locales.text(lang, question_key)).await?;
    Ok(())
}

pub async fn name_typed(
    bot: Bot,
    msg: Message,
    member: Member,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = member.lang;
    match FullName::parse(msg.text().unwrap_or_default()) {
        Ok(name) => {
            members::set_full_name(&app.db, member.id, name.as_str(), app.clock.unix())
                .await
                .context("storing the name")?;
            saved(
                &bot,
                msg.chat.id,
                &dialogue,
                &app.locales,
                &app.db,
                (member.id, caller.role()),
            )
            .await
        }
        Err(error) => {
            let reason = reasons::full_name(&app.locales, lang, &error);
            let ask_again = ask(&bot, msg.chat.id, &app.locales, lang, "profile-ask-name");
            refuse_and_ask(&bot, msg.chat.id, reason, ask_again).await
        }
    }
}

pub async fn birth_year_typed(
    bot: Bot,
    msg: Message,
    member: Member,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = member.lang;
    let this_year = current_year(app.clock.now());
    match BirthYear::parse(msg.text().unwrap_or_default(), this_year) {
        Ok(year) if year.is_minor(this_year) && member.guardian_consent_at.is_none() => {
            dialogue
                .update(State::EditGuardian {
                    birth_year: year.year(),
                })
                .await?;
            bot.send_message(msg.chat.id, app.locales.text(lang, "reg-guardian-question"))
                .reply_markup(keyboards::guardian(&app.locales, lang))
                .await?;
            Ok(())
        }
        Ok(year) => {
            members::set_birth_year(&app.db, member.id, year.year(), None, app.clock.unix())
                .await
                .context("storing the birth year")?;
            saved(
                &bot,
                msg.chat.id,
                &dialogue,
                &app.locales,
                &app.db,
                (member.id, caller.role()),
            )
            .await
        }
        Err(error) => {
            let reason = reasons::birth_year(&app.locales, lang, &error);
            let ask_again = ask(&bot, msg.chat.id, &app.locales, lang, "profile-ask-birth-year");
            refuse_and_ask(&bot, msg.chat.id, reason, ask_again).await
        }
    }
}

/// A birth year that makes the member a minor needs a guardian's agreement first.
pub async fn guardian_answered(
    bot: Bot,
    query: CallbackQuery,
    agreed: bool,
    birth_year: i32,
    member: Member,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = member.lang;
    let choice = if agreed {
        "reg-guardian-yes"
    } else {
        "reg-guardian-no"
    };
    settle(&bot, &query, &app.locales.text(lang, choice)).await?;
    let chat = query_chat(&query);
    if !agreed {
        dialogue.exit().await?;
        bot.send_message(chat, app.locales.text(lang, "profile-guardian-required"))
            .await?;
        return Ok(());
    }
    let now = app.clock.unix();
    members::set_birth_year(&app.db, member.id, birth_year, Some(now), now)
        .await
        .context("storing the birth year")?;
    saved(
        &bot,
        chat,
        &dialogue,
        &app.locales,
        &app.db,
        (member.id, caller.role()),
    )
    .await
}

/// A new region: the wing is asked next, and both are stored together.
pub async fn region_chosen(
    bot: Bot,
    query: CallbackQuery,
    region_iso: String,
    member: Member,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = member.lang;
    let Some(region) = regions::find(&app.db, &region_iso)
        .await
        .context("reading the region")?
    else {
        return stale_choice(&bot, &query, &app.locales, lang).await;
    };
    settle(&bot, &query, region.name(lang)).await?;
    dialogue
        .update(State::EditWing {
            region_iso: region.iso_code.clone(),
        })
        .await?;
    ask_wing(
        &bot,
        query_chat(&query),
        &app.locales,
        &app.db,
        &region.iso_code,
        lang,
        None,
    )
    .await
}

/// Another page of the wings, while changing one's wing.
pub async fn wing_page(
    bot: Bot,
    query: CallbackQuery,
    page: i64,
    region_iso: String,
    caller: Caller,
    app: App,
) -> HandlerResult {
    turn_wing_page(
        &bot,
        &query,
        &app.locales,
        &app.db,
        &region_iso,
        caller.lang,
        page,
        None,
    )
    .await
}

pub async fn wing_chosen(
    bot: Bot,
    query: CallbackQuery,
    wing_id: Option<i64>,
    region_iso: String,
    member: Member,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = member.lang;
    let label = match wing_id {
        None => app.locales.text(lang, "wing-pick-none"),
        Some(id) => match wings::find_active_in_region(&app.db, id, &region_iso)
            .await
            .context("reading the wing")?
        {
            Some(wing) => wing.name,
            None => return stale_choice(&bot, &query, &app.locales, lang).await,
        },
    };
    settle(&bot, &query, &label).await?;
    members::set_region_and_wing(&app.db, member.id, &region_iso, wing_id, app.clock.unix())
        .await
        .context("storing the region and wing")?;
    saved(
        &bot,
        query_chat(&query),
        &dialogue,
        &app.locales,
        &app.db,
        (member.id, caller.role()),
    )
    .await
}

pub async fn phone_sent(
    bot: Bot,
    msg: Message,
    member: Member,
    caller: Caller,
    dialogue: BotDialogue,
    app: App,
) -> HandlerResult {
    let lang = member.lang;
    match read_phone(&msg, &caller, &app.locales, "phone-remove") {
        Ok(phone) => {
            members::set_phone(
                &app.db,
                member.id,
                phone.as_ref().map(|p| p.as_str()),
                app.clock.unix(),
            )
            .await
            .context("storing the phone")?;
            saved(
                &bot,
                msg.chat.id,
                &dialogue,
                &app.locales,
                &app.db,
                (member.id, caller.role()),
            )
            .await
        }
        // The refusal carries the share button again: one message, not the question anew.
        Err(reason_key) => {
            bot.send_message(msg.chat.id, app.locales.text(lang, reason_key))
                .reply_markup(keyboards::share_phone(&app.locales, lang, "phone-remove"))
                .await?;
            Ok(())
        }
    }
}

/// `/language`: a member picks a language; somebody not registered starts registering.
pub async fn language_command(
    bot: Bot,
    msg: Message,
    caller: Caller,
    dialogue: BotDialogue,
    state: State,
    app: App,
) -> HandlerResult {
    if caller.member.is_none() {
        return registration::start(bot, msg, dialogue, state, caller, app).await;
    }
    dialogue.exit().await?;
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "language-ask"))
        .reply_markup(keyboards::languages(&app.locales, Some(caller.lang)))
        .await?;
    Ok(())
}

/// A language button outside registration: the member's new language, used from now on.
pub async fn language_chosen(
    bot: Bot,
    query: CallbackQuery,
    lang: Lang,
    caller: Caller,
    app: App,
) -> HandlerResult {
    let Some(member) = &caller.member else {
        return stale_choice(&bot, &query, &app.locales, caller.lang).await;
    };
    settle(&bot, &query, &app.locales.text(lang, "language-name")).await?;
    members::set_lang(&app.db, member.id, lang, app.clock.unix())
        .await
        .context("storing the language")?;
    // Staff menus are per chat: show them in the new language too.
    if let Some(staff) = &caller.staff
        && let Err(error) = crate::bot::commands::register_chat_menu(
            &bot,
            &app.locales,
            caller.user_id(),
            Some(staff.role),
            lang,
        )
        .await
    {
        tracing::warn!(%error, "cannot update the staff command menu");
    }
    // The main menu in the new language.
    let menu = main_menu::keyboard(&app.locales, lang, true, caller.role());
    let request = bot.send_message(query_chat(&query), app.locales.text(lang, "language-changed"));
    match menu {
        Some(menu) => request.reply_markup(menu).await?,
        None => request.reply_markup(KeyboardRemove::new()).await?,
    };
    Ok(())
}

/// Ends the edit, says so, and shows the card as it now is.
async fn saved(
    bot: &Bot,
    chat: ChatId,
    dialogue: &BotDialogue,
    locales: &Locales,
    pool: &Db,
    (member_id, role): (i64, Option<Role>),
) -> HandlerResult {
    dialogue.exit().await?;
    let member = members::find_by_id(pool, member_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("member {member_id} vanished"))?;
    // The main menu comes back in place of the phone's keyboard.
    let request = bot.send_message(chat, locales.text(member.lang, "profile-saved"));
    match main_menu::keyboard(locales, member.lang, true, role) {
        Some(menu) => request.reply_markup(menu).await?,
        None => request.reply_markup(KeyboardRemove::new()).await?,
    };
    send_card(bot, chat, locales, pool, &member).await
}
