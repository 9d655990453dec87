//! `/help`, `/cancel`, and what the bot says to messages it has no use for.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::KeyboardRemove;

use crate::bot::main_menu;
use crate::bot::{App, BotDialogue, Caller, HandlerResult, State};
use crate::domain::role::Role;
use crate::telegram::Bot;

/// `/help`: what the asker's role may do, read from the database like every permission.
pub async fn help(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let mut text = app.locales.text(
        lang,
        if caller.member.is_some() {
            "help-member"
        } else {
            "help-guest"
        },
    );
    let role = caller.staff.as_ref().map(|staff| staff.role);
    if role.is_some() {
        text.push_str("\n\n");
        text.push_str(&app.locales.text(lang, "help-organiser"));
    }
    if role >= Some(Role::Coordinator) {
        text.push_str("\n\n");
        text.push_str(&app.locales.text(lang, "help-coordinator"));
    }
    if role == Some(Role::Admin) {
        text.push('\n');
        text.push_str(&app.locales.text(lang, "help-admin"));
    }
    // The main menu comes with the help: it is where the everyday actions are.
    let request = bot.send_message(msg.chat.id, text);
    match main_menu::of(&app.locales, &caller) {
        Some(menu) => request.reply_markup(menu).await?,
        None => request.await?,
    };
    Ok(())
}

/// `/cancel`: leaves whatever dialogue the chat is in; a registration stores nothing.
pub async fn cancel(
    bot: Bot,
    msg: Message,
    caller: Caller,
    dialogue: BotDialogue,
    state: State,
    app: App,
) -> HandlerResult {
    let key = if state == State::Idle {
        "nothing-to-cancel"
    } else {
        "cancelled"
    };
    dialogue.exit().await?;
    // A keyboard of the step left (a phone's, say) gives way to the main menu.
    let request = bot.send_message(msg.chat.id, app.locales.text(caller.lang, key));
    match main_menu::of(&app.locales, &caller) {
        Some(menu) => request.reply_markup(menu).await?,
        None => request.reply_markup(KeyboardRemove::new()).await?,
    };
    Ok(())
}

/// A staff command from somebody whose role does not reach it.
pub async fn not_allowed(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "not-allowed"))
        .await
        .context("refusing a staff command")?;
    Ok(())
}

/// A `/word` the bot does not know.
pub async fn unknown_command(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "unknown-command"))
        .await?;
    Ok(())
}

/// A message outside any dialogue: a member is pointed to the main menu, shown again.
pub async fn idle_message(bot: Bot, msg: Message, caller: Caller, app: App) -> HandlerResult {
    let Some(menu) = main_menu::of(&app.locales, &caller).filter(|_| caller.member.is_some()) else {
        bot.send_message(msg.chat.id, app.locales.text(caller.lang, "not-registered"))
            .await?;
        return Ok(());
    };
    bot.send_message(msg.chat.id, app.locales.text(caller.lang, "idle-member"))
        .reply_markup(menu)
        .await?;
    Ok(())
}
