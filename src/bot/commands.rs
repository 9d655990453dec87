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
    /// Registration, or a deep-link payload ([`StartPayload`]).
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
    Certificate,
    Verify(String),
    #[command(rename = "newevent")]
    NewEvent,
    #[command(rename = "editevent")]
    EditEvent(String),
    #[command(rename = "cancelevent")]
    CancelEvent(String),
    Volunteers(String),
    Attendance(String),
    Message(String),
    Stats(String),
    Export,
    Digest,
    Import(String),
    Pending(String),
}

/// What `/start` carries from a deep link (`https://t.me/<bot>?start=<payload>`), or from
/// whatever somebody typed after `/start` by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartPayload {
    /// `inv_<code>`: a single-use staff invite.
    Invite(String),
    /// `chk_<code>`: the check-in QR code at an event's venue.
    Checkin(String),
    /// `crt_<code>`: the QR code on a certificate of volunteer hours, to verify it.
    Certificate(String),
    /// `m_<code>`: an imported person's personal link, to join with their details filled in.
    Activation(String),
    /// Nothing, or nothing this bot makes: a plain start.
    Plain,
}

impl StartPayload {
    pub fn parse(payload: &str) -> Self {
        let payload = payload.trim();
        if let Some(code) = payload.strip_prefix("inv_") {
            StartPayload::Invite(code.to_owned())
        } else if let Some(code) = payload.strip_prefix("chk_") {
            StartPayload::Checkin(code.to_owned())
        } else if let Some(code) = payload.strip_prefix("crt_") {
            StartPayload::Certificate(code.to_owned())
        } else if let Some(code) = payload.strip_prefix("m_") {
            StartPayload::Activation(code.to_owned())
        } else {
            StartPayload::Plain
        }
    }

    /// The payload as a link carries it.
    pub fn encode(&self) -> String {
        match self {
            StartPayload::Invite(code) => format!("inv_{code}"),
            StartPayload::Checkin(code) => format!("chk_{code}"),
            StartPayload::Certificate(code) => format!("crt_{code}"),
            StartPayload::Activation(code) => format!("m_{code}"),
            StartPayload::Plain => String::new(),
        }
    }
}

/// The commands in the menu of every member, in menu order.
pub const MEMBER_MENU: [&str; 12] = [
    "start",
    "events",
    "my",
    "checkin",
    "certificate",
    "verify",
    "profile",
    "language",
    "mydata",
    "forget",
    "help",
    "cancel",
];
/// What organisers see besides the member menu.
pub const ORGANISER_MENU: [&str; 7] = [
    "newevent",
    "editevent",
    "cancelevent",
    "volunteers",
    "attendance",
    "message",
    "stats",
];
/// What coordinators see besides the member menu.
pub const COORDINATOR_MENU: [&str; 11] = [
    "export",
    "import",
    "pending",
    "digest",
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

    use crate::domain::hostile;
    use proptest::prelude::*;

    const BOT: &str = "birlik_bot";

    /// Every command name, as typed.
    fn name() -> impl Strategy<Value = &'static str> {
        let mut names: Vec<&str> = MEMBER_MENU.to_vec();
        names.extend(ORGANISER_MENU);
        names.extend(COORDINATOR_MENU);
        names.extend(ADMIN_MENU);
        names.push("register");
        proptest::sample::select(names)
    }

    proptest! {
        #[test]
        fn commands_never_panic_whatever_follows(
            text in prop_oneof![
                hostile::text(),
                hostile::after(&[
                    "/", "/start", "/start ", "/grant ", "/checkin ", "/start@", "/@", "/start@birlik_bot ",
                ]),
            ],
        ) {
            let _ = Command::parse(&text, BOT);
        }

        #[test]
        fn every_menu_command_is_understood_alone_and_addressed(name in name()) {
            let alone = format!("/{name}");
            let addressed = format!("/{name}@{BOT}");
            let shouted = format!("/{name}@Birlik_Bot");
            let elsewhere = format!("/{name}@other_bot");
            prop_assert!(Command::parse(&alone, BOT).is_ok(), "{}", alone);
            prop_assert!(Command::parse(&addressed, BOT).is_ok(), "{}", addressed);
            prop_assert!(Command::parse(&shouted, BOT).is_ok(), "{}", shouted);
            prop_assert!(Command::parse(&elsewhere, BOT).is_err(), "{}", elsewhere);
        }

        #[test]
        fn what_follows_start_and_checkin_reaches_the_handler_whole(payload in hostile::text()) {
            prop_assert_eq!(
                Command::parse(&format!("/start {payload}"), BOT).ok(),
                Some(Command::Start(payload.clone()))
            );
            prop_assert_eq!(
                Command::parse(&format!("/checkin {payload}"), BOT).ok(),
                Some(Command::Checkin(payload.clone()))
            );
        }

        #[test]
        fn deep_link_payloads_never_panic_and_round_trip(
            payload in prop_oneof![
                hostile::text(),
                hostile::after(&["inv_", "chk_", "crt_", "m_", " inv_", "inv", "chk_chk_", "m"]),
            ],
            code in "[A-Za-z0-9_-]{0,60}",
        ) {
            let parsed = StartPayload::parse(&payload);
            match &parsed {
                StartPayload::Invite(code)
                | StartPayload::Checkin(code)
                | StartPayload::Certificate(code)
                | StartPayload::Activation(code) => {
                    prop_assert!(payload.trim().ends_with(code.as_str()));
                    prop_assert_eq!(StartPayload::parse(&parsed.encode()), parsed.clone());
                }
                StartPayload::Plain => {
                    prop_assert!(["inv_", "chk_", "crt_", "m_"].iter().all(|p| !payload.trim().starts_with(p)));
                }
            }
            for link in [
                StartPayload::Invite(code.clone()),
                StartPayload::Checkin(code.clone()),
                StartPayload::Certificate(code.clone()),
                StartPayload::Activation(code.clone()),
            ] {
                // Telegram's deep links carry at most 64 characters of A-Z, a-z, 0-9, _ and -.
                prop_assert!(link.encode().len() <= 64);
                prop_assert_eq!(StartPayload::parse(&link.encode()), link);
            }
        }
    }
}
