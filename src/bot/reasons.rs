//! Why input was refused, in the member's language: the domain's errors as locale text.

use crate::domain::birth_year::{MAX_AGE, MIN_AGE};
use crate::domain::event::TextError;
use crate::domain::full_name::{MAX_CHARS, MIN_CHARS};
use crate::domain::text::quotable;
use crate::domain::{BirthYearError, FullNameError};
use crate::i18n::{Lang, Locales};

pub fn full_name(locales: &Locales, lang: Lang, error: &FullNameError) -> String {
    let limits = [("min", MIN_CHARS.into()), ("max", MAX_CHARS.into())];
    match error {
        FullNameError::Empty => locales.text(lang, "name-empty"),
        FullNameError::TooShort => locales.text_with(lang, "name-too-short", &limits),
        FullNameError::TooLong => locales.text_with(lang, "name-too-long", &limits),
        FullNameError::InvalidCharacter(c) => locales.text_with(
            lang,
            "name-invalid-character",
            &[("character", quotable(*c).into())],
        ),
    }
}

pub fn birth_year(locales: &Locales, lang: Lang, error: &BirthYearError) -> String {
    match error {
        BirthYearError::NotAYear => locales.text(lang, "birth-year-not-a-year"),
        BirthYearError::TooYoung { latest_year } => locales.text_with(
            lang,
            "birth-year-too-young",
            &[
                ("min_age", MIN_AGE.into()),
                ("latest_year", (*latest_year).into()),
            ],
        ),
        BirthYearError::TooOld { earliest_year } => locales.text_with(
            lang,
            "birth-year-too-old",
            &[
                ("max_age", MAX_AGE.into()),
                ("earliest_year", (*earliest_year).into()),
            ],
        ),
    }
}

/// A free text refused: an event's field, a comment on an event.
pub fn free_text(locales: &Locales, lang: Lang, error: &TextError) -> String {
    match error {
        TextError::Empty => locales.text(lang, "event-error-empty"),
        TextError::TooLong { max } => {
            locales.text_with(lang, "event-error-too-long", &[("max", (*max as i64).into())])
        }
        TextError::ControlCharacter => locales.text(lang, "event-error-control-character"),
    }
}
