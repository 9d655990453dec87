//! Slash commands: parsing, and the menus registered with Telegram per language.

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use teloxide::utils::command::BotCommands;

use crate::domain::role::Role;
use crate::i18n::{Lang, Locales};

/// Commands the bot understands. Descriptions shown to users come from `locales/`
/// (`cmd-<name>`), not from here.
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Registration, or a deep-link payload (`/start inv_...` later).
    Start(String),
    Register,
    Profile,
    Language,
    Help,
    Cancel,
    #[command(rename = "mydata")]
    MyData,
    Forget,
    Grant(String),
    Revoke(String),
    Invite(String),
    Wings(String),
    Audit,
    Broadcast,
    Broadcasts,
    #[command(rename = "linkgroup")]
    LinkGroup(String),
    Events,
    My,
    Checkin(String),
    #[command(rename = "newevent")]
    NewEvent,
    #[command(rename = "editevent")]
    EditEvent(String),
    #[command(rename = "cancelevent")]
    CancelEvent(String),
    Volunteers(String),
    Attendance(String),
    Stats(String),
    Export,
}

/// The commands in the menu of every member, in menu order.
pub const MEMBER_MENU: [&str; 10] = [
    "start", "events", "my", "checkin", "profile", "language", "mydata", "forget", "help", "cancel",
];
/// What organisers see besides the member menu.
pub const ORGANISER_MENU: [&str; 6] = [
    "newevent",
    "editevent",
    "cancelevent",
    "volunteers",
    "attendance",
    "stats",
];
/// What coordinators see besides the member menu.
pub const COORDINATOR_MENU: [&str; 8] = [
    "export",
    "broadcast",
    "broadcasts",
    "grant",
    "revoke",
    "invite",
    "wings",
    "linkgroup",
];
/// What admins see besides the coordinator menu.
pub const ADMIN_MENU: [&str; 1] = ["audit"];

/// The member menu in one language.
pub fn member_menu(locales: &Locales, lang: Lang) -> Vec<BotCommand> {
    menu(locales, lang, &MEMBER_MENU)
}

fn menu(locales: &Locales, lang: Lang, names: &[&str]) -> Vec<BotCommand> {
    names
        .iter()
        .map(|name| BotCommand::new(*name, locales.text(lang, &format!("cmd-{name}"))))
        .collect()
}

/// The commands a role may use, member menu included.
pub fn menu_for(locales: &Locales, lang: Lang, role: Option<Role>) -> Vec<BotCommand> {
    let mut names: Vec<&str> = MEMBER_MENU.to_vec();
    if role >= Some(Role::Organiser) {
        names.extend(ORGANISER_MENU);
    }
    if role >= Some(Role::Coordinator) {
        names.extend(COORDINATOR_MENU);
    }
    if role == Some(Role::Admin) {
        names.extend(ADMIN_MENU);
    }
    menu(locales, lang, &names)
}

/// Shows staff their commands in their private chat (chat-scoped menu), or takes them away.
pub async fn register_chat_menu(
    bot: &Bot,
    locales: &Locales,
    telegram_user_id: i64,
    role: Option<Role>,
    lang: Lang,
) -> anyhow::Result<()> {
    let scope = BotCommandScope::Chat {
        chat_id: Recipient::Id(ChatId(telegram_user_id)),
    };
    if role.is_some() {
        bot.set_my_commands(menu_for(locales, lang, role))
            .scope(scope)
            .await?;
    } else {
        bot.delete_my_commands().scope(scope).await?;
    }
    Ok(())
}

/// Registers the menus: one per language, and a default for other Telegram languages.
pub async fn register_menus(bot: &Bot, locales: &Locales, default: Lang) -> anyhow::Result<()> {
    for lang in Lang::ALL {
        bot.set_my_commands(member_menu(locales, lang))
            .language_code(lang.code())
            .await?;
    }
    bot.set_my_commands(member_menu(locales, default)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_with_and_without_payload() {
        assert_eq!(
            Command::parse("/start", "birlik_bot").unwrap(),
            Command::Start(String::new())
        );
        assert_eq!(
            Command::parse("/start inv_abc", "birlik_bot").unwrap(),
            Command::Start("inv_abc".into())
        );
        assert_eq!(
            Command::parse("/profile@birlik_bot", "birlik_bot").unwrap(),
            Command::Profile
        );
        assert!(Command::parse("/profile@other_bot", "birlik_bot").is_err());
        assert!(Command::parse("/nonsense", "birlik_bot").is_err());
    }

    #[test]
    fn menus_have_a_description_in_every_language() {
        let locales = Locales::load().unwrap();
        for lang in Lang::ALL {
            for command in member_menu(&locales, lang) {
                assert!(
                    !command.description.starts_with("cmd-"),
                    "{lang:?} {}",
                    command.command
                );
            }
        }
    }
}
