//! Slash commands: parsing, and the menus registered with Telegram per language.

use teloxide::prelude::*;
use teloxide::types::BotCommand;
use teloxide::utils::command::BotCommands;

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
}

/// The commands in the menu of every member, in menu order.
const MEMBER_MENU: [&str; 5] = ["start", "profile", "language", "help", "cancel"];

/// The member menu in one language.
pub fn member_menu(locales: &Locales, lang: Lang) -> Vec<BotCommand> {
    MEMBER_MENU
        .iter()
        .map(|name| BotCommand::new(*name, locales.text(lang, &format!("cmd-{name}"))))
        .collect()
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
