//! Group chats: the bot answers only commands addressed to it, and registers people in private.

use teloxide::prelude::*;
use teloxide::sugar::request::RequestReplyExt;
use teloxide::types::Me;

use crate::bot::{App, Caller, HandlerResult};
use crate::telegram::Bot;

/// Any of our commands in a group: point to the private chat, where personal data belongs.
pub async fn private_only(bot: Bot, msg: Message, me: Me, caller: Caller, app: App) -> HandlerResult {
    let link = format!("https://t.me/{}", me.username());
    bot.send_message(
        msg.chat.id,
        app.locales
            .text_with(caller.lang, "group-private-only", &[("link", link.into())]),
    )
    .reply_to(msg.id)
    .await?;
    Ok(())
}
