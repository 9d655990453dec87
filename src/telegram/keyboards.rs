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

/// Rows of wings a page: a keyboard that grows with the data stays far below Telegram's 100
/// buttons (a `/wings` page holds 2 × 20 + 4).
pub const WINGS_A_PAGE: usize = 20;

/// ◀️ 2 / 5 ▶️: the arrows wrap around; the middle button stays where it is.
pub fn page_row(page: i64, pages: i64, to: impl Fn(i64) -> Callback) -> Vec<InlineKeyboardButton> {
    let previous = if page > 1 { page - 1 } else { pages };
    let next = if page < pages { page + 1 } else { 1 };
    vec![
        button("◀️".to_owned(), to(previous)),
        button(format!("{page} / {pages}"), to(page)),
        button("▶️".to_owned(), to(next)),
    ]
}

/// Page `page` (from 1, brought within range) of `items`, `per_page` a page: the page's items,
/// the page it is and how many there are.
pub fn page_of<T>(items: &[T], page: i64, per_page: usize) -> (&[T], i64, i64) {
    let pages = items.len().div_ceil(per_page).max(1) as i64;
    let page = page.clamp(1, pages);
    let start = (page - 1) as usize * per_page;
    (
        &items[start.min(items.len())..(start + per_page).min(items.len())],
        page,
        pages,
    )
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

/// The 20 regions, two a row, for a member choosing where they live; `marked` (the region a
/// headquarters' list gives) is ticked.
pub fn regions(regions: &[Region], lang: Lang, marked: Option<&str>) -> InlineKeyboardMarkup {
    let buttons: Vec<_> = regions
        .iter()
        .map(|region| {
            let label = ticked_if(region.name(lang), Some(region.iso_code.as_str()) == marked);
            button(label, Callback::Region(region.iso_code.clone()))
        })
        .collect();
    InlineKeyboardMarkup::new(buttons.chunks(2).map(<[_]>::to_vec))
}

/// `✓ label` when `marked`.
fn ticked_if(label: &str, marked: bool) -> String {
    if marked {
        format!("✓ {label}")
    } else {
        label.to_owned()
    }
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

/// The region's wings, one a row, [`WINGS_A_PAGE`] a page with arrows, then "Not in a wing";
/// `marked` (the wing a headquarters' list gives) is ticked.
pub fn wings(
    locales: &Locales,
    lang: Lang,
    wings: &[Wing],
    page: i64,
    marked: Option<i64>,
) -> InlineKeyboardMarkup {
    let (shown, page, pages) = page_of(wings, page, WINGS_A_PAGE);
    let mut rows: Vec<Vec<_>> = shown
        .iter()
        .map(|wing| {
            let label = ticked_if(&wing.name, Some(wing.id) == marked);
            vec![button(label, Callback::Wing(Some(wing.id)))]
        })
        .collect();
    if pages > 1 {
        rows.push(page_row(page, pages, Callback::WingPickPage));
    }
    rows.push(vec![button(
        locales.text(lang, "wing-pick-none"),
        Callback::Wing(None),
    )]);
    InlineKeyboardMarkup::new(rows)
}

/// The page of [`wings`] that shows `marked`, or the first.
pub fn wing_page_of(wings: &[Wing], marked: Option<i64>) -> i64 {
    let at = wings.iter().position(|wing| Some(wing.id) == marked);
    at.map_or(1, |at| (at / WINGS_A_PAGE) as i64 + 1)
}

/// Under a registration step through a personal link: keep the value the headquarters' list
/// has for it.
pub fn keep(locales: &Locales, lang: Lang, field: ProfileField, value: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[button(
        keep_label(locales, lang, value),
        Callback::KeepAnswer(field),
    )]])
}

/// "✓ Keep: Әйгерім Нұрланқызы".
pub fn keep_label(locales: &Locales, lang: Lang, value: &str) -> String {
    locales.text_with(lang, "activation-keep", &[("value", value.to_owned().into())])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wings(count: i64) -> Vec<Wing> {
        (1..=count)
            .map(|id| Wing {
                id,
                region_iso: "KZ-75".into(),
                name: format!("Wing {id}"),
            })
            .collect()
    }

    #[test]
    fn the_wing_picker_opens_on_the_page_of_the_marked_wing() {
        let wings = wings(45);
        assert_eq!(wing_page_of(&wings, None), 1);
        assert_eq!(wing_page_of(&wings, Some(20)), 1);
        assert_eq!(wing_page_of(&wings, Some(21)), 2);
        assert_eq!(wing_page_of(&wings, Some(45)), 3);
        // A wing of another region, or archived since the list was imported: the first page.
        assert_eq!(wing_page_of(&wings, Some(99)), 1);
    }
}
