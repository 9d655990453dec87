//! Group chats: the bot answers only commands addressed to it, and registers people in private.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::sugar::request::RequestReplyExt;
use teloxide::types::Me;

use crate::bot::{Caller, HandlerResult};
use crate::i18n::Locales;
use crate::telegram::Bot;

/// Any of our commands in a group: point to the private chat, where personal data belongs.
pub async fn private_only(
    bot: Bot,
    msg: Message,
    me: Me,
    caller: Caller,
    locales: Arc<Locales>,
) -> HandlerResult {
    let link = format!("https://t.me/{}", me.username());
    bot.send_message(
        msg.chat.id,
        locales.text_with(caller.lang, "group-private-only", &[("link", link.into())]),
    )
    .reply_to(msg.id)
    .await?;
    Ok(())
}
