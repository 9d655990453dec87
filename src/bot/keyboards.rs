//! Inline and reply keyboards, labelled in the member's language.

use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup,
};

use crate::db::regions::Region;
use crate::db::wings::Wing;
use crate::i18n::{Lang, Locales};

use super::callback::{Callback, ProfileField};

/// An inline button that presses `callback`.
pub fn button(label: impl Into<String>, callback: Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, callback.encode())
}

/// Қазақша / Русский / English, each named in its own language; `current` is ticked.
pub fn languages(locales: &Locales, current: Option<Lang>) -> InlineKeyboardMarkup {
    let row = Lang::ALL.map(|lang| {
        let name = locales.text(lang, "language-name");
        let label = if Some(lang) == current {
            format!("✓ {name}")
        } else {
            name
        };
        button(label, Callback::Language(lang))
    });
    InlineKeyboardMarkup::new([row])
}

pub fn consent(locales: &Locales, lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[
        button(locales.text(lang, "reg-consent-agree"), Callback::Consent(true)),
        button(
            locales.text(lang, "reg-consent-decline"),
            Callback::Consent(false),
        ),
    ]])
}

pub fn guardian(locales: &Locales, lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([
        [button(
            locales.text(lang, "reg-guardian-yes"),
            Callback::Guardian(true),
        )],
        [button(
            locales.text(lang, "reg-guardian-no"),
            Callback::Guardian(false),
        )],
    ])
}

/// The 20 regions, two a row, for a member choosing where they live.
pub fn regions(regions: &[Region], lang: Lang) -> InlineKeyboardMarkup {
    regions_with(regions, lang, |iso| Callback::Region(iso.to_owned()))
}

/// The 20 regions, two a row, each pressing `callback(iso_code)`.
pub fn regions_with(
    regions: &[Region],
    lang: Lang,
    callback: impl Fn(&str) -> Callback,
) -> InlineKeyboardMarkup {
    let buttons: Vec<_> = regions
        .iter()
        .map(|region| button(region.name(lang), callback(&region.iso_code)))
        .collect();
    InlineKeyboardMarkup::new(buttons.chunks(2).map(<[_]>::to_vec))
}

/// The region's wings, one a row, then "Not in a wing".
pub fn wings(locales: &Locales, lang: Lang, wings: &[Wing]) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<_>> = wings
        .iter()
        .map(|wing| vec![button(&wing.name, Callback::Wing(Some(wing.id)))])
        .collect();
    rows.push(vec![button(
        locales.text(lang, "wing-none"),
        Callback::Wing(None),
    )]);
    InlineKeyboardMarkup::new(rows)
}

/// Telegram's "share contact" button, and a second choice (Skip, or Remove in the profile).
pub fn share_phone(locales: &Locales, lang: Lang, other_key: &str) -> KeyboardMarkup {
    KeyboardMarkup::new([
        vec![KeyboardButton::new(locales.text(lang, "phone-share")).request(ButtonRequest::Contact)],
        vec![KeyboardButton::new(locales.text(lang, other_key))],
    ])
    .resize_keyboard()
    .one_time_keyboard()
}

pub fn confirm_registration(locales: &Locales, lang: Lang) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([
        [button(
            locales.text(lang, "reg-confirm"),
            Callback::ConfirmRegistration,
        )],
        [button(
            locales.text(lang, "reg-start-over"),
            Callback::RestartRegistration,
        )],
    ])
}

pub fn profile(locales: &Locales, lang: Lang) -> InlineKeyboardMarkup {
    let edit = |key: &str, field| button(locales.text(lang, key), Callback::EditProfile(field));
    InlineKeyboardMarkup::new([
        vec![
            edit("profile-edit-name", ProfileField::Name),
            edit("profile-edit-birth-year", ProfileField::BirthYear),
        ],
        vec![
            edit("profile-edit-region", ProfileField::Region),
            edit("profile-edit-wing", ProfileField::Wing),
        ],
        vec![
            edit("profile-edit-phone", ProfileField::Phone),
            edit("profile-edit-language", ProfileField::Language),
        ],
    ])
}
