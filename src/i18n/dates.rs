//! Dates and times as each language writes them, from CLDR data through ICU4X: month and weekday
//! names in the language, the 24-hour clock, Kazakhstan time (Asia/Almaty).

use anyhow::Context;
use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;
use icu_calendar::Gregorian;
use icu_datetime::fieldsets::{MDE, T, YMD, YMDE};
use icu_datetime::input::{Date, Time};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_locale_core::Locale;

use super::Lang;

/// The formatters of one language.
pub struct Dates {
    weekday: FixedCalendarDateTimeFormatter<Gregorian, MDE>,
    weekday_with_year: FixedCalendarDateTimeFormatter<Gregorian, YMDE>,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    clock: NoCalendarFormatter<T>,
}

impl Dates {
    pub fn new(lang: Lang) -> anyhow::Result<Self> {
        // British English puts the day before the month ("Saturday 14 December") as kk and ru
        // do; every language is asked for the 24-hour clock.
        let language = match lang {
            Lang::En => "en-GB",
            Lang::Kk | Lang::Ru => lang.code(),
        };
        let locale: Locale = format!("{language}-u-hc-h23").parse().context("date locale")?;
        let prefs = (&locale).into();
        Ok(Self {
            weekday: FixedCalendarDateTimeFormatter::try_new(prefs, MDE::long())
                .context("weekday formatter")?,
            weekday_with_year: FixedCalendarDateTimeFormatter::try_new(prefs, YMDE::long())
                .context("weekday and year formatter")?,
            date: FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).context("date formatter")?,
            clock: NoCalendarFormatter::try_new(prefs, T::hm()).context("time formatter")?,
        })
    }

    /// "6 декабря 2026 г.", "2026 ж. 6 желтоқсан", "6 December 2026".
    pub fn date(&self, at: DateTime<Tz>) -> String {
        gregorian(at)
            .map(|d| self.date.format(&d).to_string())
            .unwrap_or_default()
    }

    /// "суббота, 14 декабря", with the year when it is not `this_year`.
    pub fn day(&self, at: DateTime<Tz>, this_year: i32) -> String {
        let Some(date) = gregorian(at) else {
            return String::new();
        };
        if at.year() == this_year {
            self.weekday.format(&date).to_string()
        } else {
            self.weekday_with_year.format(&date).to_string()
        }
    }

    /// "18:00".
    pub fn time(&self, at: DateTime<Tz>) -> String {
        Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0)
            .map(|t| self.clock.format(&t).to_string())
            .unwrap_or_default()
    }
}

fn gregorian(at: DateTime<Tz>) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(at.year(), at.month() as u8, at.day() as u8).ok()
}
