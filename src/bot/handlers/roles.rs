//! `/grant`, `/revoke`, `/invite` and invite links: staff roles, checked against the database.
//!
//! ```text
//! coordinator: /grant organiser @aigerim_n
//! bot:         Айгерим Нурланова is now an organiser in Almaty.
//! coordinator: /invite organiser
//! bot:         https://t.me/birlik_bot?start=inv_5f0c... (single use, valid until 04.12.2026)
//! ```

use anyhow::Context;
use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::types::Me;

use crate::bot::commands::register_chat_menu;
use crate::bot::scope::RoleKeeper;
use crate::bot::{App, Caller, HandlerResult};
use crate::db::invites::{self, RedeemError};
use crate::db::{Db, members, regions, roles};
use crate::domain::command_args::{ArgsError, RoleArgs, Target};
use crate::domain::role::{Action, Role, StaffRole, allows};
use crate::i18n::{Lang, Locales};
use crate::telegram::Bot;

/// A person named in a command, as far as the bot knows them.
struct Person {
    telegram_user_id: i64,
    display: String,
    lang: Lang,
    region_iso: Option<String>,
}

/// `/grant ROLE [@username | id] [REGION]`, or as a reply to the person's message.
pub async fn grant(
    bot: Bot,
    msg: Message,
    args: String,
    caller: Caller,
    keeper: RoleKeeper,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let say = |key: &str| bot.send_message(msg.chat.id, app.locales.text(lang, key));
    let parsed = match RoleArgs::parse(&args, true) {
        Ok(parsed) => parsed,
        Err(ArgsError::Role) => {
            say("grant-usage").await?;
            return Ok(());
        }
        Err(ArgsError::Target) => {
            say("person-unknown").await?;
            return Ok(());
        }
    };
    let person = match find_person(&app.db, &msg, parsed.target.as_ref()).await? {
        Ok(person) => person,
        Err(key) => {
            say(key).await?;
            return Ok(());
        }
    };
    if person.telegram_user_id == caller.user_id() {
        say("grant-self").await?;
        return Ok(());
    }
    let staff = if parsed.role.is_regional() {
        let region_iso = match &parsed.region {
            Some(query) => match regions::find_by_query(&app.db, query)
                .await
                .context("looking up the region")?
            {
                Some(region) => region.iso_code,
                None => {
                    say("region-unknown").await?;
                    return Ok(());
                }
            },
            // A coordinator grants in their own region; an admin, by default, in the person's.
            None => match keeper.region().map(str::to_owned).or(person.region_iso.clone()) {
                Some(region_iso) => region_iso,
                None => {
                    say("grant-need-region").await?;
                    return Ok(());
                }
            },
        };
        StaffRole::regional(parsed.role, &region_iso)
    } else {
        StaffRole::admin()
    };
    // Roles go to registered members only, and a coordinator's to members of their region: one
    // answer for nobody, somebody unregistered and a member elsewhere, so that a coordinator
    // learns nothing about other regions' members.
    if person.region_iso.is_none() || !in_keepers_region(&keeper, &person) {
        say("person-unknown").await?;
        return Ok(());
    }
    let current = roles::find(&app.db, person.telegram_user_id)
        .await
        .context("reading the person's role")?;
    let may_replace = current.as_ref().is_none_or(|current| {
        allows(
            Some(&keeper.0),
            Action::Revoke {
                role: current.role,
                region: current.region_iso.as_deref(),
            },
        )
    });
    let grant = Action::Grant {
        role: staff.role,
        region: staff.region_iso.as_deref(),
    };
    if !allows(Some(&keeper.0), grant) || !may_replace {
        say("not-allowed").await?;
        return Ok(());
    }

    let mut tx = app.db.begin().await?;
    roles::grant(
        &mut tx,
        person.telegram_user_id,
        &staff,
        Some(caller.user_id()),
        "command",
        app.clock.unix(),
    )
    .await?;
    tx.commit().await?;

    let role_text = describe(&app.locales, &app.db, lang, &staff).await?;
    bot.send_message(
        msg.chat.id,
        app.locales.text_with(
            lang,
            "grant-done",
            &[
                ("person", person.display.clone().into()),
                ("role", role_text.into()),
            ],
        ),
    )
    .await?;
    tell_new_role(&bot, &app.locales, &app.db, &person, Some(&staff)).await;
    Ok(())
}

/// Regional staff grant roles to the members of their own region only: a coordinator of one
/// region neither promotes nor learns about another region's members. (A role in their region
/// held by somebody who moved away can still be revoked.) Admins act everywhere.
fn in_keepers_region(keeper: &RoleKeeper, person: &Person) -> bool {
    match (keeper.region(), person.region_iso.as_deref()) {
        (Some(own), Some(theirs)) => own == theirs,
        _ => true,
    }
}

/// `/revoke [@username | id]`, or as a reply to the person's message.
pub async fn revoke(
    bot: Bot,
    msg: Message,
    args: String,
    caller: Caller,
    keeper: RoleKeeper,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let say = |key: &str| bot.send_message(msg.chat.id, app.locales.text(lang, key));
    let token = args.split_whitespace().next();
    let target = match token.map(Target::parse) {
        Some(None) => {
            say("person-unknown").await?;
            return Ok(());
        }
        Some(Some(target)) => Some(target),
        None => None,
    };
    let person = match find_person(&app.db, &msg, target.as_ref()).await? {
        Ok(person) => person,
        Err(key) => {
            say(key).await?;
            return Ok(());
        }
    };
    let Some(current) = roles::find(&app.db, person.telegram_user_id)
        .await
        .context("reading the person's role")?
    else {
        // Whether somebody of another region has a role is not this coordinator's business.
        say(if in_keepers_region(&keeper, &person) {
            "revoke-none"
        } else {
            "not-allowed"
        })
        .await?;
        return Ok(());
    };
    let action = Action::Revoke {
        role: current.role,
        region: current.region_iso.as_deref(),
    };
    if person.telegram_user_id == caller.user_id() || !allows(Some(&keeper.0), action) {
        say("not-allowed").await?;
        return Ok(());
    }
    let mut tx = app.db.begin().await?;
    roles::revoke(
        &mut tx,
        person.telegram_user_id,
        Some(caller.user_id()),
        "command",
        app.clock.unix(),
    )
    .await?;
    tx.commit().await?;
    let role_text = describe(&app.locales, &app.db, lang, &current).await?;
    bot.send_message(
        msg.chat.id,
        app.locales.text_with(
            lang,
            "revoke-done",
            &[
                ("person", person.display.clone().into()),
                ("role", role_text.into()),
            ],
        ),
    )
    .await?;
    tell_new_role(&bot, &app.locales, &app.db, &person, None).await;
    Ok(())
}

/// `/invite organiser|coordinator [REGION]`: a single-use link valid for seven days.
pub async fn invite(
    bot: Bot,
    msg: Message,
    args: String,
    me: Me,
    caller: Caller,
    keeper: RoleKeeper,
    app: App,
) -> HandlerResult {
    let lang = caller.lang;
    let say = |key: &str| bot.send_message(msg.chat.id, app.locales.text(lang, key));
    let parsed = match RoleArgs::parse(&args, false) {
        Ok(parsed) if parsed.role.is_regional() => parsed,
        _ => {
            say("invite-usage").await?;
            return Ok(());
        }
    };
    let region_iso = match &parsed.region {
        Some(query) => match regions::find_by_query(&app.db, query)
            .await
            .context("looking up the region")?
        {
            Some(region) => region.iso_code,
            None => {
                say("region-unknown").await?;
                return Ok(());
            }
        },
        None => match keeper.region() {
            Some(region) => region.to_owned(),
            None => {
                say("invite-need-region").await?;
                return Ok(());
            }
        },
    };
    if !allows(
        Some(&keeper.0),
        Action::Grant {
            role: parsed.role,
            region: Some(&region_iso),
        },
    ) {
        say("not-allowed").await?;
        return Ok(());
    }
    let now = app.clock.unix();
    let code = invites::create(&app.db, parsed.role, &region_iso, caller.user_id(), now)
        .await
        .context("creating the invite")?;
    let staff = StaffRole::regional(parsed.role, &region_iso);
    let link = format!("https://t.me/{}?start=inv_{code}", me.username());
    let text = app.locales.text_with(
        lang,
        "invite-created",
        &[
            (
                "role",
                describe(&app.locales, &app.db, lang, &staff).await?.into(),
            ),
            ("link", link.into()),
            (
                "until",
                app.locales.date(lang, now + invites::VALID_SECONDS).into(),
            ),
        ],
    );
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// `/start inv_<code>`: takes the role the invite carries, once.
pub async fn redeem(bot: Bot, msg: Message, code: String, caller: Caller, app: App) -> HandlerResult {
    let lang = caller.lang;
    let outcome = invites::redeem(&app.db, &code, caller.user_id(), app.clock.unix())
        .await
        .context("redeeming the invite")?;
    let text = match &outcome {
        Ok(staff) => {
            let role = describe(&app.locales, &app.db, lang, staff).await?;
            let key = if caller.member.is_some() {
                "invite-accepted"
            } else {
                "invite-accepted-register"
            };
            app.locales.text_with(lang, key, &[("role", role.into())])
        }
        Err(RedeemError::Unknown) => app.locales.text(lang, "invite-unknown"),
        Err(RedeemError::AlreadyUsed) => app.locales.text(lang, "invite-used"),
        Err(RedeemError::Expired) => app.locales.text(lang, "invite-expired"),
        Err(RedeemError::InviterMayNot) => app.locales.text(lang, "invite-void"),
        Err(RedeemError::WouldReplace(current)) => {
            let role = describe(&app.locales, &app.db, lang, current).await?;
            app.locales
                .text_with(lang, "invite-keeps-role", &[("role", role.into())])
        }
    };
    bot.send_message(msg.chat.id, text).await?;
    if let Ok(staff) = outcome
        && let Err(error) =
            register_chat_menu(&bot, &app.locales, caller.user_id(), Some(staff.role), lang).await
    {
        tracing::warn!(%error, "cannot update the staff command menu");
    }
    Ok(())
}

/// "organiser in Almaty" in the asker's language.
pub async fn describe(locales: &Locales, pool: &Db, lang: Lang, staff: &StaffRole) -> anyhow::Result<String> {
    let role = locales.text(lang, role_key(staff.role));
    Ok(match &staff.region_iso {
        Some(iso) => {
            let region = regions::find(pool, iso)
                .await
                .context("reading the region")?
                .map(|r| r.name(lang).to_owned())
                .unwrap_or_default();
            locales.text_with(
                lang,
                "role-in-region",
                &[("role", role.into()), ("region", region.into())],
            )
        }
        None => role,
    })
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Organiser => "role-organiser",
        Role::Coordinator => "role-coordinator",
        Role::Admin => "role-admin",
    }
}

/// Who a command is about: the named person, or the author of the replied-to message.
async fn find_person(
    pool: &SqlitePool,
    msg: &Message,
    target: Option<&Target>,
) -> anyhow::Result<Result<Person, &'static str>> {
    let telegram_user_id = match target {
        Some(Target::Id(id)) => *id,
        Some(Target::Username(name)) => match members::find_by_username(pool, name).await? {
            Some(member) => member.telegram_user_id.unwrap_or_default(),
            None => return Ok(Err("person-unknown")),
        },
        None => match msg.reply_to_message().and_then(|reply| reply.from.as_ref()) {
            Some(user) if !user.is_bot => user.id.0 as i64,
            _ => return Ok(Err("person-missing")),
        },
    };
    let member = members::find_by_user(pool, telegram_user_id).await?;
    Ok(Ok(Person {
        telegram_user_id,
        display: member
            .as_ref()
            .and_then(|m| m.full_name.clone())
            .unwrap_or_else(|| format!("id {telegram_user_id}")),
        lang: member.as_ref().map(|m| m.lang).unwrap_or_default(),
        region_iso: member.map(|m| m.region_iso),
    }))
}

/// Tells the person about their new role (or its end) and updates their command menu.
/// They may never have opened the bot: then there is nobody to tell yet.
async fn tell_new_role(bot: &Bot, locales: &Locales, pool: &Db, person: &Person, staff: Option<&StaffRole>) {
    let chat = ChatId(person.telegram_user_id);
    let text = match staff {
        Some(staff) => match describe(locales, pool, person.lang, staff).await {
            Ok(role) => locales.text_with(person.lang, "role-you-got", &[("role", role.into())]),
            Err(_) => return,
        },
        None => locales.text(person.lang, "role-you-lost"),
    };
    if let Err(error) = bot.send_message(chat, text).await {
        tracing::info!(%error, "cannot tell a person about their role");
    }
    let role = staff.map(|s| s.role);
    if let Err(error) = register_chat_menu(bot, locales, person.telegram_user_id, role, person.lang).await {
        tracing::warn!(%error, "cannot update the staff command menu");
    }
}
