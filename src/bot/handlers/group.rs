//! Group chats: the bot answers only commands addressed to it, and registers people in private;
//! `/linkgroup` links a group to a region.

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::sugar::request::RequestReplyExt;
use teloxide::types::Me;

use crate::bot::{App, Caller, HandlerResult};
use crate::db::audit::AuditAction;
use crate::db::{audit, groups, regions};
use crate::domain::role::{Action, Role, allows};
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
