//! Phone numbers, which the bot accepts only through Telegram's contact sharing.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Normalises what Telegram sends (with or without `+`, sometimes with spaces) to `+digits`.
    pub fn from_contact(raw: &str) -> Option<Self> {
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let only_digits_and_marks = raw
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
        (only_digits_and_marks && (7..=15).contains(&digits.len())).then(|| Self(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_telegram_contact_numbers() {
        assert_eq!(
            Phone::from_contact("77011234567").unwrap().as_str(),
            "+77011234567"
        );
        assert_eq!(
            Phone::from_contact("+7 701 123-45-67").unwrap().as_str(),
            "+77011234567"
        );
    }

    #[test]
    fn refuses_garbage() {
        assert!(Phone::from_contact("").is_none());
        assert!(Phone::from_contact("12").is_none());
        assert!(Phone::from_contact("call me").is_none());
        assert!(Phone::from_contact(&"1".repeat(16)).is_none());
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_keeps_only_plus_and_seven_to_fifteen_digits(raw in hostile::text()) {
            if let Some(phone) = Phone::from_contact(&raw) {
                let digits = phone.as_str().strip_prefix('+').unwrap();
                prop_assert!((7..=15).contains(&digits.len()));
                prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(Phone::from_contact(phone.as_str()), Some(phone.clone()));
            }
        }

        #[test]
        fn a_number_however_written_comes_back_as_plus_digits(
            digits in "[0-9]{7,15}",
            marks in proptest::collection::vec("[+ ()-]{0,2}", 16),
        ) {
            let written: String = digits
                .chars()
                .zip(&marks)
                .map(|(digit, mark)| format!("{mark}{digit}"))
                .collect();
            let expected = format!("+{digits}");
            prop_assert_eq!(Phone::from_contact(&written).map(|p| p.to_string()), Some(expected));
        }
    }
}
