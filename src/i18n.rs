//! Languages and translated text: Fluent files from `locales/`, embedded in the binary.

mod dates;
pub mod numbers;
mod per_lang;

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use chrono::{DateTime, Datelike, Days};
use chrono_tz::Asia::Almaty;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

pub use per_lang::PerLang;

/// A language the bot speaks.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "TEXT", rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Accepts `kk`, `ru`, `en` and regional variants Telegram sends, such as `ru-RU`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.code() == primary)
    }
}

/// The Fluent files of each language, in the order they are loaded.
pub const LOCALE_FILES: [&str; 16] = [
    "common.ftl",
    "registration.ftl",
    "profile.ftl",
    "staff.ftl",
    "privacy.ftl",
    "broadcast.ftl",
    "events.ftl",
    "stats.ftl",
    "csv.ftl",
    "digest.ftl",
    "ratings.ftl",
    "charts.ftl",
    "certificate.ftl",
    "import.ftl",
    "activation.ftl",
    "pending.ftl",
];

macro_rules! locale_sources {
    ($lang:literal) => {
        locale_sources!($lang; "common.ftl", "registration.ftl", "profile.ftl", "staff.ftl", "privacy.ftl", "broadcast.ftl", "events.ftl", "stats.ftl", "csv.ftl", "digest.ftl", "ratings.ftl", "charts.ftl", "certificate.ftl", "import.ftl", "activation.ftl", "pending.ftl")
    };
    ($lang:literal; $($file:literal),+) => {
        [$(($file, include_str!(concat!("../locales/", $lang, "/", $file)))),+]
    };
}

fn sources(lang: Lang) -> [(&'static str, &'static str); LOCALE_FILES.len()] {
    match lang {
        Lang::Kk => locale_sources!("kk"),
        Lang::Ru => locale_sources!("ru"),
        Lang::En => locale_sources!("en"),
    }
}

/// Arguments for a message: `&[("name", name.into())]`.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

/// Arguments that name something rather than count it (an event's number, a year): printed as
/// plain digits, never "2,005" or "№12 345".
const IDENTIFIERS: [&str; 4] = ["id", "birth_year", "latest_year", "earliest_year"];

/// All translations, loaded once at start and shared by every handler.
pub struct Locales {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
    dates: HashMap<Lang, dates::Dates>,
}

impl Locales {
    /// Parses the embedded Fluent files; a syntax error or a duplicate key stops the start.
    pub fn load() -> anyhow::Result<Self> {
        let mut bundles = HashMap::new();
        let mut dates = HashMap::new();
        for lang in Lang::ALL {
            dates.insert(lang, dates::Dates::new(lang)?);
            let langid = lang.code().parse().context("language identifier")?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks show up as stray characters in Telegram.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(numbers::fluent_formatter));
            for (file, source) in sources(lang) {
                let resource = FluentResource::try_new(source.to_owned())
                    .map_err(|(_, errors)| anyhow!("locales/{}/{file}: {errors:?}", lang.code()))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| anyhow!("locales/{}/{file}: {errors:?}", lang.code()))?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(Self { bundles, dates })
    }

    /// The message `key` in `lang`.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        self.text_with(lang, key, &[])
    }

    /// The message `key` in `lang`, with arguments.
    pub fn text_with(&self, lang: Lang, key: &str, args: &Args<'_>) -> String {
        let bundle = &self.bundles[&lang];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            // The locale tests keep this from happening; never show a blank message if it does.
            tracing::error!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                FluentValue::Number(n) if IDENTIFIERS.contains(name) => {
                    fluent_args.set(*name, FluentValue::from(n.value.to_string()))
                }
                _ => fluent_args.set(*name, value.clone()),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(key, lang = lang.code(), ?errors, "translation failed to format");
        }
        text.into_owned()
    }

    /// A calendar day in Kazakhstan, as `lang` writes it: "6 декабря 2026\u{202f}г.".
    pub fn date(&self, lang: Lang, unix_seconds: i64) -> String {
        DateTime::from_timestamp(unix_seconds, 0)
            .map(|t| self.dates[&lang].date(t.with_timezone(&Almaty)))
            .unwrap_or_default()
    }

    /// A moment in words, as seen at `now` (seconds since the epoch, like the stored times): "today, 18:00", "tomorrow, 18:00",
    /// "Saturday 14 December, 10:00".
    pub fn moment(&self, lang: Lang, now: i64, unix_seconds: i64) -> String {
        let Some(at) = DateTime::from_timestamp(unix_seconds, 0) else {
            return String::new();
        };
        let at = at.with_timezone(&Almaty);
        self.text_with(
            lang,
            "when-day-time",
            &[
                ("day", self.day(lang, now, unix_seconds).into()),
                ("time", self.dates[&lang].time(at).into()),
            ],
        )
    }

    /// When an event runs, in words, as seen at `now`: "tomorrow, 18:00–21:00",
    /// "Saturday 14 December, 10:00–13:00", or both days when it runs over midnight.
    pub fn when(&self, lang: Lang, now: i64, starts_at: i64, ends_at: i64) -> String {
        let (Some(start), Some(end)) = (
            DateTime::from_timestamp(starts_at, 0),
            DateTime::from_timestamp(ends_at, 0),
        ) else {
            return String::new();
        };
        let (start, end) = (start.with_timezone(&Almaty), end.with_timezone(&Almaty));
        let dates = &self.dates[&lang];
        if start.date_naive() == end.date_naive() {
            self.text_with(
                lang,
                "when-same-day",
                &[
                    ("day", self.day(lang, now, starts_at).into()),
                    ("start", dates.time(start).into()),
                    ("end", dates.time(end).into()),
                ],
            )
        } else {
            self.text_with(
                lang,
                "when-across-days",
                &[
                    ("start", self.moment(lang, now, starts_at).into()),
                    ("end", self.moment(lang, now, ends_at).into()),
                ],
            )
        }
    }

    /// "today", "tomorrow", "yesterday", or the weekday and date (with the year when it is not
    /// this year), all in Kazakhstan time.
    fn day(&self, lang: Lang, now: i64, unix_seconds: i64) -> String {
        let (Some(at), Some(now)) = (
            DateTime::from_timestamp(unix_seconds, 0),
            DateTime::from_timestamp(now, 0),
        ) else {
            return String::new();
        };
        let (at, today) = (at.with_timezone(&Almaty), now.with_timezone(&Almaty).date_naive());
        let day = at.date_naive();
        if day == today {
            self.text(lang, "day-today")
        } else if Some(day) == today.checked_add_days(Days::new(1)) {
            self.text(lang, "day-tomorrow")
        } else if Some(day) == today.checked_sub_days(Days::new(1)) {
            self.text(lang, "day-yesterday")
        } else {
            self.dates[&lang].day(at, today.year())
        }
    }

    /// Every message id of `lang`, for the locale consistency tests.
    pub fn keys(lang: Lang) -> Vec<String> {
        sources(lang)
            .iter()
            .filter_map(|(_, source)| FluentResource::try_new((*source).to_owned()).ok())
            .flat_map(|resource| {
                resource
                    .entries()
                    .filter_map(|entry| match entry {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip_and_accept_regional_variants() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn plural_rules_follow_each_language() {
        let locales = Locales::load().unwrap();
        let years = |lang, n: i64| locales.text_with(lang, "age-years", &[("count", n.into())]);
        assert_eq!(years(Lang::En, 1), "1 year");
        assert_eq!(years(Lang::En, 21), "21 years");
        assert_eq!(years(Lang::Ru, 21), "21 год");
        assert_eq!(years(Lang::Ru, 22), "22 года");
        assert_eq!(years(Lang::Ru, 25), "25 лет");
        assert_eq!(years(Lang::Kk, 25), "25 жас");
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let locales = Locales::load().unwrap();
        let line = |lang, hours: f64| {
            let args = [("events", 22_000.into()), ("hours", hours.into())];
            locales.text_with(lang, "stats-volunteer-line", &args)
        };
        assert_eq!(line(Lang::Kk, 4.5), "іс-шаралар: 22\u{a0}000, сағаттар: 4,5");
        assert_eq!(line(Lang::Ru, 4.5), "мероприятий: 22\u{a0}000, часов: 4,5");
        assert_eq!(line(Lang::En, 4.5), "events: 22,000, hours: 4.5");
        assert_eq!(line(Lang::Ru, 3.0), "мероприятий: 22\u{a0}000, часов: 3");
        // A year or an event's number is a name, not a quantity.
        let year = locales.text_with(
            Lang::En,
            "birth-year-too-old",
            &[("max_age", 35.into()), ("earliest_year", 1991.into())],
        );
        assert!(year.contains("born in 1991 or later"), "{year}");
        let id = locales.text_with(
            Lang::Ru,
            "event-published",
            &[("id", 12_345.into()), ("count", 22_000.into())],
        );
        assert_eq!(
            id,
            "Мероприятие №12345 опубликовано. Объявление уже отправляется участникам и группам: 22\u{a0}000."
        );
    }

    #[test]
    fn when_is_said_in_words_in_kazakhstan_time() {
        use chrono::{TimeZone, Utc};
        let locales = Locales::load().unwrap();
        // Sunday 6 December 2026, 12:00 in Almaty.
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 7, 0, 0).unwrap().timestamp();
        let at = |d, h, m| Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap().timestamp();
        let tomorrow = (at(7, 13, 0), at(7, 16, 0));
        let saturday = (at(12, 5, 0), at(12, 8, 0));
        let when = |lang, (start, end)| locales.when(lang, now, start, end);
        assert_eq!(when(Lang::En, tomorrow), "tomorrow, 18:00–21:00");
        assert_eq!(when(Lang::Ru, tomorrow), "завтра, 18:00–21:00");
        assert_eq!(when(Lang::Kk, tomorrow), "ертең, 18:00–21:00");
        assert_eq!(when(Lang::En, saturday), "Saturday 12 December, 10:00–13:00");
        assert_eq!(when(Lang::Ru, saturday), "суббота, 12 декабря, 10:00–13:00");
        assert_eq!(when(Lang::Kk, saturday), "12 желтоқсан, сенбі, 10:00–13:00");
        assert_eq!(
            when(Lang::Ru, (at(6, 5, 0), at(8, 8, 0))),
            "сегодня, 10:00 – вторник, 8 декабря, 13:00"
        );
        // 19:30 UTC on 31 December is already 1 January in Almaty, and next year.
        let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 19, 30, 0).unwrap().timestamp();
        assert_eq!(
            locales.moment(Lang::En, now, new_year),
            "Friday, 1 January 2027, 00:30"
        );
        assert_eq!(
            locales.moment(Lang::Kk, now, new_year),
            "2027\u{202f}ж. 1 қаңтар, жұма, 00:30"
        );
        assert_eq!(locales.moment(Lang::Ru, now, at(5, 12, 0)), "вчера, 17:00");
        assert_eq!(locales.date(Lang::Ru, now), "6 декабря 2026\u{202f}г.");
        assert_eq!(locales.date(Lang::Kk, now), "2026\u{202f}ж. 6 желтоқсан");
        assert_eq!(locales.date(Lang::En, now), "6 December 2026");
    }

    use crate::domain::hostile;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static LOCALES: LazyLock<Locales> = LazyLock::new(|| Locales::load().unwrap());

    proptest! {
        #[test]
        fn telegram_language_codes_never_panic(code in hostile::text()) {
            if let Some(lang) = Lang::from_code(&code) {
                prop_assert!(code.to_ascii_lowercase().starts_with(lang.code()));
            }
        }

        #[test]
        fn any_stored_time_is_said_without_a_panic(now in any::<i64>(), a in any::<i64>(), b in any::<i64>()) {
            for lang in Lang::ALL {
                let _ = (LOCALES.when(lang, now, a, b), LOCALES.moment(lang, now, a), LOCALES.date(lang, a));
            }
        }

        #[test]
        fn what_people_typed_is_quoted_exactly(
            name in hostile::text(),
            lang in proptest::sample::select(Lang::ALL.to_vec()),
        ) {
            // Isolation marks off, no escaping: a name comes back as it was typed.
            let text = LOCALES.text_with(lang, "welcome-back", &[("name", name.as_str().into())]);
            prop_assert!(text.contains(name.as_str()));
            let without = LOCALES.text_with(lang, "welcome-back", &[("name", "".into())]);
            prop_assert_eq!(text.chars().count(), without.chars().count() + name.chars().count());
        }
    }
}
