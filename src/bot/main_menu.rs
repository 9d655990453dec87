//! The main menu: a reply keyboard under the text field with a person's everyday actions, in
//! their language, for people who do not type commands. Each button does exactly what its
//! command does: a press comes back as the button's text and is routed as that command.
//!
//! ```text
//! member: [📅 Events]
//! bot:    📅 Тазалық күні ... Places taken: 3 / 10   [🙋 Volunteer] [📅 Add to calendar]
//! ```

use teloxide::types::{KeyboardButton, KeyboardMarkup};

use crate::domain::role::Role;
use crate::i18n::{Lang, Locales};

use super::Caller;
use super::commands::Command;

/// A button of the main menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuButton {
    Events,
    My,
    Checkin,
    Profile,
    Help,
    NewEvent,
    Volunteers,
    Stats,
    Broadcast,
}

impl MenuButton {
    const ALL: [MenuButton; 9] = [
        MenuButton::Events,
        MenuButton::My,
        MenuButton::Checkin,
        MenuButton::Profile,
        MenuButton::Help,
        MenuButton::NewEvent,
        MenuButton::Volunteers,
        MenuButton::Stats,
        MenuButton::Broadcast,
    ];

    fn key(self) -> &'static str {
        match self {
            MenuButton::Events => "menu-events",
            MenuButton::My => "menu-my",
            MenuButton::Checkin => "menu-checkin",
            MenuButton::Profile => "menu-profile",
            MenuButton::Help => "menu-help",
            MenuButton::NewEvent => "menu-newevent",
            MenuButton::Volunteers => "menu-volunteers",
            MenuButton::Stats => "menu-stats",
            MenuButton::Broadcast => "menu-broadcast",
        }
    }

    /// The command the button stands for, as if typed without arguments.
    pub fn command(self) -> Command {
        match self {
            MenuButton::Events => Command::Events,
            MenuButton::My => Command::My,
            MenuButton::Checkin => Command::Checkin(String::new()),
            MenuButton::Profile => Command::Profile,
            MenuButton::Help => Command::Help,
            MenuButton::NewEvent => Command::NewEvent,
            MenuButton::Volunteers => Command::Volunteers(String::new()),
            MenuButton::Stats => Command::Stats(String::new()),
            MenuButton::Broadcast => Command::Broadcast,
        }
    }

    /// The button whose label, in any language, is `text`: a member who changed language
    /// may still press a keyboard drawn in the old one.
    pub fn parse(locales: &Locales, text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL.into_iter().find(|button| {
            Lang::ALL
                .iter()
                .any(|lang| locales.text(*lang, button.key()) == text)
        })
    }
}

/// The buttons a person sees, row by row: staff tools first for staff, then a member's
/// everyday actions (for anyone registered).
fn rows(is_member: bool, role: Option<Role>) -> Vec<Vec<MenuButton>> {
    let mut rows = Vec::new();
    match role {
        Some(role) if role >= Role::Coordinator => {
            rows.push(vec![MenuButton::NewEvent, MenuButton::Volunteers]);
            rows.push(vec![MenuButton::Stats, MenuButton::Broadcast]);
        }
        Some(_) => {
            rows.push(vec![MenuButton::NewEvent, MenuButton::Volunteers]);
            rows.push(vec![MenuButton::Stats]);
        }
        None => {}
    }
    if is_member {
        rows.push(vec![MenuButton::Events, MenuButton::My]);
        rows.push(vec![MenuButton::Checkin, MenuButton::Profile]);
    }
    rows.push(vec![MenuButton::Help]);
    rows
}

/// The main menu in `lang`; `None` for somebody neither registered nor staff.
pub fn keyboard(
    locales: &Locales,
    lang: Lang,
    is_member: bool,
    role: Option<Role>,
) -> Option<KeyboardMarkup> {
    if !is_member && role.is_none() {
        return None;
    }
    let rows = rows(is_member, role).into_iter().map(|row| {
        row.into_iter()
            .map(|button| KeyboardButton::new(locales.text(lang, button.key())))
            .collect::<Vec<_>>()
    });
    Some(KeyboardMarkup::new(rows).resize_keyboard().persistent())
}

/// The main menu of the person behind an update, in their language.
pub fn of(locales: &Locales, caller: &Caller) -> Option<KeyboardMarkup> {
    keyboard(locales, caller.lang, caller.member.is_some(), caller.role())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_see_their_actions_and_staff_their_tools_above_them() {
        let member = rows(true, None);
        assert_eq!(
            member,
            [
                vec![MenuButton::Events, MenuButton::My],
                vec![MenuButton::Checkin, MenuButton::Profile],
                vec![MenuButton::Help]
            ]
        );
        let organiser = rows(true, Some(Role::Organiser));
        assert_eq!(
            organiser[..2],
            [
                vec![MenuButton::NewEvent, MenuButton::Volunteers],
                vec![MenuButton::Stats]
            ]
        );
        assert!(!organiser.concat().contains(&MenuButton::Broadcast));
        let coordinator = rows(true, Some(Role::Coordinator));
        assert!(coordinator.concat().contains(&MenuButton::Broadcast));
        assert_eq!(rows(false, Some(Role::Admin)).concat().len(), 5);
    }
}
