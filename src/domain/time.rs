//! Time as the movement lives it: Kazakhstan time (Asia/Almaty, one zone for the whole country).

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Asia::Almaty;

/// The calendar year in Kazakhstan at `now`.
pub fn current_year(now: DateTime<Utc>) -> i32 {
    now.with_timezone(&Almaty).year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn new_year_comes_five_hours_earlier_in_kazakhstan() {
        let utc_evening = Utc.with_ymd_and_hms(2026, 12, 31, 19, 30, 0).unwrap();
        assert_eq!(current_year(utc_evening), 2027);
    }
}
