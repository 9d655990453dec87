//! Time as the movement lives it: Kazakhstan time (Asia/Almaty, one zone for the whole country).

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Asia::Almaty;

/// The calendar year in Kazakhstan at `now`.
pub fn current_year(now: DateTime<Utc>) -> i32 {
    now.with_timezone(&Almaty).year()
}

/// A stored timestamp (seconds since the epoch, UTC) as a date Kazakhstan reads.
pub fn format_date(unix_seconds: i64) -> String {
    DateTime::from_timestamp(unix_seconds, 0)
        .map(|t| t.with_timezone(&Almaty).format("%d.%m.%Y").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn new_year_comes_five_hours_earlier_in_kazakhstan() {
        let utc_evening = Utc.with_ymd_and_hms(2026, 12, 31, 19, 30, 0).unwrap();
        assert_eq!(current_year(utc_evening), 2027);
        assert_eq!(format_date(utc_evening.timestamp()), "01.01.2027");
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_stored_number_formats_without_a_panic(t in any::<i64>()) {
            let _ = format_date(t);
        }

        #[test]
        fn the_date_and_the_year_agree(t in -2_000_000_000i64..8_000_000_000) {
            let now = DateTime::from_timestamp(t, 0).unwrap();
            let date = format_date(t);
            prop_assert_eq!(date.len(), 10);
            prop_assert_eq!(date[6..].parse::<i32>(), Ok(current_year(now)));
            let read = chrono::NaiveDate::parse_from_str(&date, "%d.%m.%Y").unwrap();
            prop_assert_eq!(read, now.with_timezone(&Almaty).date_naive());
        }
    }
}
