//! Birth year, and the age bounds of Kazakhstan's youth policy (14 to 35).

use std::fmt;

/// The youngest age the movement accepts.
pub const MIN_AGE: i32 = 14;
/// The oldest age the movement accepts.
pub const MAX_AGE: i32 = 35;
/// Under this age a parent or guardian must agree to the processing of personal data.
pub const ADULT_AGE: i32 = 18;

/// A birth year within the movement's age range. Age is counted as the difference of calendar
/// years, since only the year is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BirthYear(i32);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BirthYearError {
    /// Not four digits.
    NotAYear,
    /// Younger than [`MIN_AGE`]: the earliest year accepted is given.
    TooYoung { latest_year: i32 },
    /// Older than [`MAX_AGE`]: the earliest year accepted is given.
    TooOld { earliest_year: i32 },
}

impl BirthYear {
    pub fn parse(input: &str, current_year: i32) -> Result<Self, BirthYearError> {
        let input = input.trim();
        if input.len() != 4 || !input.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BirthYearError::NotAYear);
        }
        let year: i32 = input.parse().map_err(|_| BirthYearError::NotAYear)?;
        Self::new(year, current_year)
    }

    pub fn new(year: i32, current_year: i32) -> Result<Self, BirthYearError> {
        let age = current_year - year;
        if age < MIN_AGE {
            Err(BirthYearError::TooYoung {
                latest_year: current_year - MIN_AGE,
            })
        } else if age > MAX_AGE {
            Err(BirthYearError::TooOld {
                earliest_year: current_year - MAX_AGE,
            })
        } else {
            Ok(Self(year))
        }
    }

    pub fn year(self) -> i32 {
        self.0
    }

    pub fn age(self, current_year: i32) -> i32 {
        current_year - self.0
    }

    /// Whether a parent or guardian must agree for this member.
    pub fn is_minor(self, current_year: i32) -> bool {
        self.age(current_year) < ADULT_AGE
    }
}

impl fmt::Display for BirthYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i32 = 2026;

    #[test]
    fn accepts_the_bounds_themselves() {
        assert_eq!(BirthYear::parse("2012", NOW).unwrap().age(NOW), 14);
        assert_eq!(BirthYear::parse("1991", NOW).unwrap().age(NOW), 35);
    }

    #[test]
    fn refuses_just_beyond_the_bounds() {
        assert_eq!(
            BirthYear::parse("2013", NOW),
            Err(BirthYearError::TooYoung { latest_year: 2012 })
        );
        assert_eq!(
            BirthYear::parse("1990", NOW),
            Err(BirthYearError::TooOld { earliest_year: 1991 })
        );
        assert!(matches!(
            BirthYear::parse("2030", NOW),
            Err(BirthYearError::TooYoung { .. })
        ));
        assert!(matches!(
            BirthYear::parse("0001", NOW),
            Err(BirthYearError::TooOld { .. })
        ));
    }

    #[test]
    fn refuses_anything_but_four_digits() {
        for input in [
            "",
            "   ",
            "99",
            "19999",
            "20O5",
            "２００５",
            "-2005",
            "2005.0",
            "twenty",
            "2 005",
        ] {
            assert_eq!(
                BirthYear::parse(input, NOW),
                Err(BirthYearError::NotAYear),
                "{input:?}"
            );
        }
        assert!(BirthYear::parse(" 2005 ", NOW).is_ok());
    }

    #[test]
    fn minors_are_under_eighteen() {
        assert!(BirthYear::parse("2009", NOW).unwrap().is_minor(NOW));
        assert!(!BirthYear::parse("2008", NOW).unwrap().is_minor(NOW));
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_accepts_only_ages_fourteen_to_thirty_five(
            input in hostile::text(),
            now in 1900..2200i32,
        ) {
            if let Ok(year) = BirthYear::parse(&input, now) {
                prop_assert!((MIN_AGE..=MAX_AGE).contains(&year.age(now)));
                prop_assert_eq!(year.to_string(), input.trim());
            }
        }

        #[test]
        fn four_digit_years_are_read_as_typed(
            year in 1000..=9999i32,
            now in 1900..2200i32,
            pad in "[ \t\n]{0,3}",
        ) {
            let parsed = BirthYear::parse(&format!("{pad}{year}{pad}"), now);
            prop_assert_eq!(parsed.clone(), BirthYear::new(year, now));
            prop_assert_eq!(parsed.is_ok(), (MIN_AGE..=MAX_AGE).contains(&(now - year)));
            if let Err(BirthYearError::TooYoung { latest_year }) = parsed {
                prop_assert_eq!(BirthYear::new(latest_year, now).map(|y| y.age(now)), Ok(MIN_AGE));
            }
            if let Err(BirthYearError::TooOld { earliest_year }) = parsed {
                prop_assert_eq!(BirthYear::new(earliest_year, now).map(|y| y.age(now)), Ok(MAX_AGE));
            }
        }
    }
}
