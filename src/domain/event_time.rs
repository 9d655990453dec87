//! Event times as people type them, in Kazakhstan time (Asia/Almaty), stored in UTC, and as
//! they are shown back.
//!
//! Accepted: `05.12.2026 15:00`, `5.12.2026 9:30`, `2026-12-05 15:00`, `5/12 15:00`, `05.12 15:00`.
//! Without a year, the next such date is meant: this year's, or next year's once it has passed.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventTimeError {
    /// Not one of the accepted shapes.
    Unrecognised,
    /// The shape is right but there is no such day or time (31.02, 25:00).
    NoSuchDate,
    /// The time has already passed.
    InThePast,
}

/// Parses a typed date and time in Almaty time; `now` decides the year when none is given and
/// refuses times already past.
pub fn parse(input: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, EventTimeError> {
    let input = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let (date_part, time_part) = input.split_once(' ').ok_or(EventTimeError::Unrecognised)?;
    let time = parse_time(time_part)?;
    let today = now.with_timezone(&Almaty).date_naive();
    let date = parse_date(date_part, today)?;
    let local = Almaty
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
        .ok_or(EventTimeError::NoSuchDate)?;
    let utc = local.with_timezone(&Utc);
    if utc <= now {
        return Err(EventTimeError::InThePast);
    }
    Ok(utc)
}

fn number(part: &str) -> Result<u32, EventTimeError> {
    if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EventTimeError::Unrecognised);
    }
    part.parse().map_err(|_| EventTimeError::Unrecognised)
}

fn parse_time(part: &str) -> Result<NaiveTime, EventTimeError> {
    let (hours, minutes) = part.split_once(':').ok_or(EventTimeError::Unrecognised)?;
    if minutes.len() != 2 {
        return Err(EventTimeError::Unrecognised);
    }
    NaiveTime::from_hms_opt(number(hours)?, number(minutes)?, 0).ok_or(EventTimeError::NoSuchDate)
}

fn parse_date(part: &str, today: NaiveDate) -> Result<NaiveDate, EventTimeError> {
    let (day, month, year) = if let Some((year, rest)) = part.split_once('-') {
        // ISO: 2026-12-05
        let (month, day) = rest.split_once('-').ok_or(EventTimeError::Unrecognised)?;
        if year.len() != 4 {
            return Err(EventTimeError::Unrecognised);
        }
        (number(day)?, number(month)?, Some(number(year)? as i32))
    } else {
        let fields: Vec<&str> = part.split(['.', '/']).collect();
        match fields.as_slice() {
            [day, month] => (number(day)?, number(month)?, None),
            [day, month, year] if year.len() == 4 => {
                (number(day)?, number(month)?, Some(number(year)? as i32))
            }
            _ => return Err(EventTimeError::Unrecognised),
        }
    };
    if day > 31 || month > 12 {
        return Err(EventTimeError::NoSuchDate);
    }
    match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day).ok_or(EventTimeError::NoSuchDate),
        None => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
            match this_year {
                Some(date) if date >= today => Ok(date),
                // 29 February of a year that has none, or a date already past: next year's.
                _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day).ok_or(EventTimeError::NoSuchDate),
            }
        }
    }
}

/// A stored time as typed and as CSV files carry it: `05.12.2026 15:00`, Almaty time.
pub fn format_time(unix_seconds: i64) -> String {
    DateTime::from_timestamp(unix_seconds, 0)
        .map(|t| t.with_timezone(&Almaty).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        // 27 November 2026, 20:00 in Almaty.
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn accepts_the_formats_people_type_in_almaty_time() {
        // 15:00 in Almaty (UTC+5) is 10:00 UTC.
        for input in [
            "05.12.2026 15:00",
            "5.12.2026 15:00",
            "2026-12-05 15:00",
            "5/12 15:00",
            "05.12 15:00",
            " 5/12   15:00 ",
        ] {
            assert_eq!(parse(input, now()), Ok(utc(2026, 12, 5, 10, 0)), "{input:?}");
        }
        assert_eq!(parse("5/12 9:05", now()), Ok(utc(2026, 12, 5, 4, 5)));
    }

    #[test]
    fn a_date_without_a_year_that_has_passed_means_next_year() {
        assert_eq!(parse("10.01 10:00", now()), Ok(utc(2027, 1, 10, 5, 0)));
        // Later today is still today.
        assert_eq!(parse("27.11 21:00", now()), Ok(utc(2026, 11, 27, 16, 0)));
    }

    #[test]
    fn refuses_the_past_impossible_dates_and_garbage() {
        assert_eq!(parse("27.11.2026 19:59", now()), Err(EventTimeError::InThePast));
        assert_eq!(parse("01.01.2020 10:00", now()), Err(EventTimeError::InThePast));
        assert_eq!(parse("31.02.2027 10:00", now()), Err(EventTimeError::NoSuchDate));
        assert_eq!(parse("05.12.2026 25:00", now()), Err(EventTimeError::NoSuchDate));
        assert_eq!(parse("05.13.2026 10:00", now()), Err(EventTimeError::NoSuchDate));
        for input in [
            "",
            "tomorrow",
            "05.12.2026",
            "15:00",
            "05.12.26 15:00",
            "5-12 15:00",
            "5/12 1500",
            "05.12.2026 15:0",
            "5/12/2026/1 10:00",
            "٥/١٢ 15:00",
        ] {
            assert_eq!(
                parse(input, now()),
                Err(EventTimeError::Unrecognised),
                "{input:?}"
            );
        }
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    /// A moment from 2025 to 2100, after Kazakhstan's last change of time zone.
    fn moment() -> impl Strategy<Value = DateTime<Utc>> {
        (1_735_689_600i64..4_102_444_800).prop_map(|t| DateTime::from_timestamp(t, 0).unwrap())
    }

    proptest! {
        #[test]
        fn never_panics_and_what_it_accepts_is_ahead(input in hostile::text(), now in moment()) {
            if let Ok(time) = parse(&input, now) {
                prop_assert!(time > now);
                prop_assert_eq!(time.timestamp() % 60, 0);
            }
        }

        #[test]
        fn shapes_of_the_same_time_are_the_same_instant(
            now in moment(),
            minutes_ahead in 1i64..300 * 24 * 60,
        ) {
            let time = DateTime::from_timestamp((now.timestamp() / 60 + minutes_ahead) * 60, 0).unwrap();
            let local = time.with_timezone(&Almaty);
            let typed = [
                format_time(time.timestamp()),
                local.format("%Y-%m-%d %H:%M").to_string(),
                local.format("%-d.%-m.%Y %-H:%M").to_string(),
                // Without a year: the next such date, which within 300 days is this one.
                local.format("%-d/%-m %H:%M").to_string(),
                local.format("%d.%m %-H:%M").to_string(),
                local.format("  %d.%m.%Y \t %H:%M  ").to_string(),
            ];
            for input in typed {
                prop_assert_eq!(parse(&input, now), Ok(time), "{:?}", input);
            }
        }
    }
}
