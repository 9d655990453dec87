//! The rules of an event: what its fields may hold, when sign-ups close, when check-in is open.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

pub use super::event_time::format_time;
use super::event_time::{self, EventTimeError};
use super::text::{is_forbidden, normalise_line_breaks};

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 1500;
pub const PLACE_MAX: usize = 200;
pub const CAPACITY_MAX: u32 = 100_000;
/// Longer than this is a typing mistake, not an event.
pub const LONGEST_EVENT: Duration = Duration::days(14);
/// Check-in opens this long before the start.
pub const CHECKIN_OPENS_BEFORE: Duration = Duration::hours(1);

/// A free-text field (title, description, place): trimmed, not empty, not over `max` characters,
/// without controls or direction overrides (see [`is_forbidden`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong { max: usize },
    ControlCharacter,
}

pub fn parse_text(input: &str, max: usize) -> Result<String, TextError> {
    let input = normalise_line_breaks(input);
    let text = input.trim();
    if text.is_empty() {
        Err(TextError::Empty)
    } else if text.chars().count() > max {
        Err(TextError::TooLong { max })
    } else if text.chars().any(is_forbidden) {
        Err(TextError::ControlCharacter)
    } else {
        Ok(text.to_owned())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndError {
    Time(EventTimeError),
    /// The end is not after the start.
    BeforeStart,
    TooLong,
}

/// The end of an event starting at `start`: a date and time (`05.12.2026 18:00`), a time on the
/// start's day (`18:00`), or a duration (`3h`, `90m`, `2h30m`, `3 ч`, `2 сағ`).
pub fn parse_end(input: &str, start: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, EndError> {
    let input = input.trim();
    let end = if let Some(duration) = parse_duration(input) {
        start + duration
    } else if let Ok(time) = NaiveTime::parse_from_str(input, "%H:%M") {
        let day = start.with_timezone(&Almaty).date_naive();
        Almaty
            .from_local_datetime(&day.and_time(time))
            .single()
            .ok_or(EndError::Time(EventTimeError::NoSuchDate))?
            .with_timezone(&Utc)
    } else {
        match event_time::parse(input, now) {
            Ok(end) => end,
            Err(EventTimeError::InThePast) => return Err(EndError::BeforeStart),
            Err(error) => return Err(EndError::Time(error)),
        }
    };
    if end <= start {
        Err(EndError::BeforeStart)
    } else if end - start > LONGEST_EVENT {
        Err(EndError::TooLong)
    } else {
        Ok(end)
    }
}

/// `3h`, `90m`, `2h30m`, `1.5h`, with the unit in English, Russian or Kazakh. A duration
/// beyond [`LONGEST_EVENT`] comes back as just beyond it, however many digits were typed.
fn parse_duration(input: &str) -> Option<Duration> {
    let text = input.to_lowercase().replace(',', ".");
    let mut minutes = 0.0_f64;
    let mut rest = text.trim();
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let amount: f64 = rest[..digits].parse().ok()?;
        let after = rest[digits..].trim_start();
        let unit_len = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len());
        let unit = after[..unit_len].trim().trim_end_matches('.');
        let minutes_per_unit = match unit {
            "h" | "hr" | "hrs" | "hour" | "hours" | "ч" | "час" | "часа" | "часов" | "сағ" | "сағат" => {
                60.0
            }
            "m" | "min" | "mins" | "minutes" | "м" | "мин" | "минут" | "минута" | "минуты" => {
                1.0
            }
            _ => return None,
        };
        minutes += amount * minutes_per_unit;
        any = true;
        rest = after[unit_len..].trim_start();
    }
    // Twenty digits of hours would overflow a `Duration`: anything too long is refused as such.
    let beyond = (LONGEST_EVENT.num_minutes() + 1) as f64;
    let minutes = minutes.round().min(beyond);
    (any && minutes > 0.0).then(|| Duration::minutes(minutes as i64))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapacityError {
    Unrecognised,
    OutOfRange,
}

/// Volunteer places: a whole number from 1 to [`CAPACITY_MAX`].
pub fn parse_capacity(input: &str) -> Result<u32, CapacityError> {
    let digits: String = input.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CapacityError::Unrecognised);
    }
    match digits.parse::<u32>() {
        Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Ok(n),
        _ => Err(CapacityError::OutOfRange),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineError {
    Time(EventTimeError),
    AfterStart,
}

/// The sign-up deadline: a date and time not later than the start.
pub fn parse_deadline(
    input: &str,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DeadlineError> {
    let deadline = event_time::parse(input, now).map_err(DeadlineError::Time)?;
    if deadline > start {
        return Err(DeadlineError::AfterStart);
    }
    Ok(deadline)
}

/// Where `now` falls against an event's check-in window: one hour before the start to the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckinWindow {
    TooEarly,
    Open,
    Over,
}

pub fn checkin_window(now: i64, starts_at: i64, ends_at: i64) -> CheckinWindow {
    if now < starts_at - CHECKIN_OPENS_BEFORE.num_seconds() {
        CheckinWindow::TooEarly
    } else if now > ends_at {
        CheckinWindow::Over
    } else {
        CheckinWindow::Open
    }
}

/// Volunteer hours to one decimal: 4.5. Messages print it in the reader's language ("4,5").
pub fn hours(seconds: i64) -> f64 {
    (seconds as f64 / 360.0).round() / 10.0
}

/// Volunteer hours as machines read them (CSV, the operator's command line): `4.5`.
pub fn format_hours(seconds: i64) -> String {
    hours(seconds).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
    }

    fn start() -> DateTime<Utc> {
        // 05.12.2026 15:00 in Almaty.
        Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap()
    }

    #[test]
    fn end_as_a_time_a_date_or_a_duration() {
        let six_pm = Utc.with_ymd_and_hms(2026, 12, 5, 13, 0, 0).unwrap();
        for input in [
            "18:00",
            "05.12.2026 18:00",
            "3h",
            "3 ч",
            "3 сағ",
            "180m",
            "2h60m",
            "2ч 60мин",
            "3 hours",
        ] {
            assert_eq!(parse_end(input, start(), now()), Ok(six_pm), "{input:?}");
        }
        assert_eq!(
            parse_end("1.5h", start(), now()),
            Ok(start() + Duration::minutes(90))
        );
    }

    #[test]
    fn end_before_the_start_or_absurdly_late_is_refused() {
        assert_eq!(parse_end("14:00", start(), now()), Err(EndError::BeforeStart));
        assert_eq!(parse_end("15:00", start(), now()), Err(EndError::BeforeStart));
        assert_eq!(
            parse_end("01.12.2026 10:00", start(), now()),
            Err(EndError::BeforeStart)
        );
        assert_eq!(
            parse_end("20.11.2026 10:00", start(), now()),
            Err(EndError::BeforeStart)
        );
        assert_eq!(parse_end("400h", start(), now()), Err(EndError::TooLong));
        assert_eq!(
            parse_end("0h", start(), now()),
            Err(EndError::Time(EventTimeError::Unrecognised))
        );
        assert_eq!(
            parse_end("soon", start(), now()),
            Err(EndError::Time(EventTimeError::Unrecognised))
        );
        assert_eq!(
            parse_end("25:00", start(), now()),
            Err(EndError::Time(EventTimeError::Unrecognised))
        );
    }

    #[test]
    fn capacity_is_a_positive_whole_number() {
        assert_eq!(parse_capacity("100"), Ok(100));
        assert_eq!(parse_capacity(" 1 000 "), Ok(1000));
        assert_eq!(parse_capacity("0"), Err(CapacityError::OutOfRange));
        assert_eq!(parse_capacity("1000000"), Err(CapacityError::OutOfRange));
        assert_eq!(parse_capacity("-5"), Err(CapacityError::Unrecognised));
        assert_eq!(parse_capacity("ten"), Err(CapacityError::Unrecognised));
        assert_eq!(parse_capacity(""), Err(CapacityError::Unrecognised));
    }

    #[test]
    fn deadline_not_after_the_start() {
        assert!(parse_deadline("04.12.2026 18:00", start(), now()).is_ok());
        assert_eq!(parse_deadline("05.12.2026 15:00", start(), now()), Ok(start()));
        assert_eq!(
            parse_deadline("05.12.2026 15:01", start(), now()),
            Err(DeadlineError::AfterStart)
        );
        assert_eq!(
            parse_deadline("01.11.2026 10:00", start(), now()),
            Err(DeadlineError::Time(EventTimeError::InThePast))
        );
    }

    #[test]
    fn text_fields() {
        assert_eq!(parse_text("  Субботник  ", TITLE_MAX), Ok("Субботник".into()));
        assert_eq!(parse_text("   ", TITLE_MAX), Err(TextError::Empty));
        assert_eq!(
            parse_text(&"ә".repeat(TITLE_MAX + 1), TITLE_MAX),
            Err(TextError::TooLong { max: TITLE_MAX })
        );
        assert!(parse_text(&"ә".repeat(TITLE_MAX), TITLE_MAX).is_ok());
    }

    #[test]
    fn checkin_from_an_hour_before_to_the_end() {
        let (s, e) = (10_000, 20_000);
        assert_eq!(checkin_window(s - 3601, s, e), CheckinWindow::TooEarly);
        assert_eq!(checkin_window(s - 3600, s, e), CheckinWindow::Open);
        assert_eq!(checkin_window(e, s, e), CheckinWindow::Open);
        assert_eq!(checkin_window(e + 1, s, e), CheckinWindow::Over);
    }

    #[test]
    fn times_and_hours_read_as_machines_read_them() {
        let s = start().timestamp();
        assert_eq!(format_time(s), "05.12.2026 15:00");
        assert_eq!(hours(5400), 1.5);
        assert_eq!(format_hours(3 * 3600), "3");
        assert_eq!(format_hours(5400), "1.5");
        assert_eq!(format_hours(1200), "0.3");
    }

    #[test]
    fn text_fields_refuse_controls_and_direction_overrides() {
        assert_eq!(
            parse_text("Субботник\u{202e}кинтоббуС", TITLE_MAX),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(parse_text("a\u{0}b", TITLE_MAX), Err(TextError::ControlCharacter));
        assert_eq!(
            parse_text("Line one\nline two\twith a tab", DESCRIPTION_MAX),
            Ok("Line one\nline two\twith a tab".into())
        );
        assert_eq!(
            parse_text("יום ניקיון — يوم التنظيف 😀 <b>&amp;</b>", TITLE_MAX),
            Ok("יום ניקיון — يوم التنظيف 😀 <b>&amp;</b>".into())
        );
    }

    #[test]
    fn absurd_durations_are_refused_not_overflowed() {
        for input in [
            "99999999999999999999h",
            "9223372036854775807m",
            "1e308h",
            "99999999999999999999999999999999999999.5ч",
            "1h99999999999999999999m",
        ] {
            assert!(parse_end(input, start(), now()).is_err(), "{input:?}");
        }
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    /// Typed durations, sane or absurd: `3h`, `2 ч 30 мин`, `99999999999999999999m`.
    fn duration_text() -> impl Strategy<Value = String> {
        let unit = proptest::sample::select(vec![
            "h",
            "hr",
            "hours",
            "ч",
            "час",
            "сағ",
            "сағат",
            "m",
            "min",
            "мин",
            "минут",
            "м",
            "x",
            "",
        ]);
        proptest::collection::vec(("[0-9]{1,25}([.,][0-9]{0,6})?", "[ ]{0,2}", unit), 1..4).prop_map(
            |parts| {
                parts
                    .into_iter()
                    .map(|(amount, gap, unit)| format!("{amount}{gap}{unit}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        )
    }

    /// A moment from 2025 to 2100 (after Kazakhstan's last change of time zone), and an event
    /// start after it.
    fn now_and_start() -> impl Strategy<Value = (DateTime<Utc>, DateTime<Utc>)> {
        (1_735_689_600i64..4_102_444_800, 60i64..400 * 24 * 3600).prop_map(|(now, ahead)| {
            let now = DateTime::from_timestamp(now, 0).unwrap();
            (now, now + Duration::seconds(ahead))
        })
    }

    proptest! {
        #[test]
        fn text_fields_never_panic_and_keep_their_bounds(
            input in hostile::text(),
            max in proptest::sample::select(vec![TITLE_MAX, DESCRIPTION_MAX, PLACE_MAX]),
        ) {
            if let Ok(text) = parse_text(&input, max) {
                prop_assert!(!text.is_empty());
                prop_assert!(text.chars().count() <= max);
                prop_assert_eq!(text.trim(), text.as_str());
                prop_assert!(!text.chars().any(is_forbidden));
                prop_assert_eq!(parse_text(&text, max), Ok(text.clone()));
            }
        }

        #[test]
        fn the_end_never_panics_and_is_after_the_start_within_two_weeks(
            input in prop_oneof![hostile::text(), duration_text()],
            (now, start) in now_and_start(),
        ) {
            if let Ok(end) = parse_end(&input, start, now) {
                prop_assert!(end > start);
                prop_assert!(end - start <= LONGEST_EVENT);
            }
        }

        #[test]
        fn durations_in_hours_and_minutes_add_up(
            hours in 0i64..400,
            minutes in 0i64..60,
            style in 0usize..3,
            (now, start) in now_and_start(),
        ) {
            let typed = match style {
                0 => format!("{hours}h{minutes}m"),
                1 => format!("{hours} ч {minutes} мин"),
                _ => format!("{hours} сағ {minutes}м"),
            };
            let length = Duration::minutes(hours * 60 + minutes);
            let expected = if length <= Duration::zero() {
                Err(EndError::Time(EventTimeError::Unrecognised))
            } else if length > LONGEST_EVENT {
                Err(EndError::TooLong)
            } else {
                Ok(start + length)
            };
            prop_assert_eq!(parse_end(&typed, start, now), expected);
        }

        #[test]
        fn capacity_never_panics_and_round_trips(input in hostile::text(), n in 1..=CAPACITY_MAX) {
            if let Ok(capacity) = parse_capacity(&input) {
                prop_assert!((1..=CAPACITY_MAX).contains(&capacity));
            }
            prop_assert_eq!(parse_capacity(&n.to_string()), Ok(n));
            prop_assert_eq!(parse_capacity(&format!(" {n} ")), Ok(n));
        }

        #[test]
        fn the_deadline_never_panics_and_falls_between_now_and_the_start(
            input in hostile::text(),
            (now, start) in now_and_start(),
        ) {
            if let Ok(deadline) = parse_deadline(&input, start, now) {
                prop_assert!(deadline > now && deadline <= start);
            }
        }

        #[test]
        fn formatting_never_panics_on_any_stored_number(a in any::<i64>()) {
            let _ = format_time(a);
            let _ = format_hours(a);
        }

        #[test]
        fn a_formatted_time_is_read_back_as_the_same_instant((now, start) in now_and_start()) {
            let minute = start.timestamp() / 60 * 60 + 60;
            let typed = format_time(minute);
            prop_assert_eq!(event_time::parse(&typed, now).map(|t| t.timestamp()), Ok(minute));
            prop_assert_eq!(
                parse_deadline(&typed, DateTime::from_timestamp(minute, 0).unwrap(), now)
                    .map(|t| t.timestamp()),
                Ok(minute)
            );
        }
    }
}
