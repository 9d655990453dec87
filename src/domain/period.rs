//! The periods figures are asked for, on Kazakhstan (Asia/Almaty) day boundaries.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Days30,
    Days90,
    ThisYear,
    AllTime,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Days30, Period::Days90, Period::ThisYear, Period::AllTime];

    /// Short code for button data and the command line: `30d`, `90d`, `year`, `all`.
    pub fn code(self) -> &'static str {
        match self {
            Period::Days30 => "30d",
            Period::Days90 => "90d",
            Period::ThisYear => "year",
            Period::AllTime => "all",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Where the period starts (seconds since the epoch), `None` for all time: midnight in
    /// Almaty 29 (or 89) days before today, so "30 days" is today and the 29 days before it;
    /// 1 January of this year in Almaty.
    pub fn start(self, now: DateTime<Utc>) -> Option<i64> {
        let today = now.with_timezone(&Almaty).date_naive();
        let first_day = match self {
            Period::Days30 => today.checked_sub_days(Days::new(29))?,
            Period::Days90 => today.checked_sub_days(Days::new(89))?,
            Period::ThisYear => NaiveDate::from_ymd_opt(today.year(), 1, 1)?,
            Period::AllTime => return None,
        };
        let midnight = Almaty
            .from_local_datetime(&first_day.and_hms_opt(0, 0, 0)?)
            .single()?;
        Some(midnight.timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn periods_start_at_midnight_in_almaty() {
        // 27.11.2026 20:00 in Almaty.
        let now = utc(2026, 11, 27, 15, 0);
        // 29.10.2026 00:00 in Almaty is 28.10.2026 19:00 UTC.
        assert_eq!(
            Period::Days30.start(now),
            Some(utc(2026, 10, 28, 19, 0).timestamp())
        );
        assert_eq!(
            Period::Days90.start(now),
            Some(utc(2026, 8, 29, 19, 0).timestamp())
        );
        assert_eq!(
            Period::ThisYear.start(now),
            Some(utc(2025, 12, 31, 19, 0).timestamp())
        );
        assert_eq!(Period::AllTime.start(now), None);
    }

    #[test]
    fn the_day_turns_at_almaty_midnight_not_utc() {
        // 31.12.2026 19:30 UTC is already 1 January 2027 in Almaty.
        let now = utc(2026, 12, 31, 19, 30);
        assert_eq!(
            Period::ThisYear.start(now),
            Some(utc(2026, 12, 31, 19, 0).timestamp())
        );
        let before = utc(2026, 12, 31, 18, 59);
        assert_eq!(
            Period::ThisYear.start(before),
            Some(utc(2025, 12, 31, 19, 0).timestamp())
        );
    }

    #[test]
    fn codes_round_trip() {
        for period in Period::ALL {
            assert_eq!(Period::from_code(period.code()), Some(period));
        }
        assert_eq!(Period::from_code("7d"), None);
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn only_the_four_codes_are_read(code in prop_oneof![
            hostile::text(),
            proptest::sample::select(vec!["30d", "90d", "year", "all", "30D", " all", "7d"])
                .prop_map(str::to_owned),
        ]) {
            if let Some(period) = Period::from_code(&code) {
                prop_assert_eq!(period.code(), code.as_str());
            }
        }

        #[test]
        fn a_period_starts_at_an_almaty_midnight_not_after_now(t in 0i64..8_000_000_000) {
            let now = DateTime::from_timestamp(t, 0).unwrap();
            for period in Period::ALL {
                if let Some(start) = period.start(now) {
                    prop_assert!(start <= t);
                    let local = DateTime::from_timestamp(start, 0).unwrap().with_timezone(&Almaty);
                    prop_assert_eq!(local.format("%H:%M:%S").to_string(), "00:00:00");
                }
            }
        }
    }
}
