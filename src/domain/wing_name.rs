//! The name of a youth wing, as a coordinator types it.

use super::text;

/// Wing names may hold digits and quotes (`«Жас Ұлан» №2`), unlike people's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WingName(String);

pub const MAX_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WingNameError {
    TooShort,
    TooLong,
    ControlCharacter,
}

impl WingName {
    pub fn parse(input: &str) -> Result<Self, WingNameError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().any(text::is_forbidden) {
            return Err(WingNameError::ControlCharacter);
        }
        if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return Err(WingNameError::TooShort);
        }
        if name.chars().count() > MAX_CHARS {
            return Err(WingNameError::TooLong);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_names_with_digits_and_quotes() {
        assert_eq!(
            WingName::parse("  «Жас Ұлан»   №2 ").unwrap().as_str(),
            "«Жас Ұлан» №2"
        );
        assert!(WingName::parse("Корей жастары").is_ok());
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert_eq!(WingName::parse(""), Err(WingNameError::TooShort));
        assert_eq!(WingName::parse("1"), Err(WingNameError::TooShort));
        assert_eq!(WingName::parse(&"ә".repeat(101)), Err(WingNameError::TooLong));
        assert!(WingName::parse(&"ә".repeat(100)).is_ok());
    }

    #[test]
    fn refuses_direction_overrides() {
        assert_eq!(
            WingName::parse("Жас \u{202e}Ұлан"),
            Err(WingNameError::ControlCharacter)
        );
        assert!(WingName::parse("שלום «Жас Ұлан» 😀").is_ok());
    }

    use crate::domain::hostile;
    use crate::domain::text::is_forbidden;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_what_it_accepts_is_clean(input in hostile::text()) {
            if let Ok(name) = WingName::parse(&input) {
                let text = name.as_str();
                prop_assert!(text.chars().count() <= MAX_CHARS);
                prop_assert!(text.chars().filter(|c| c.is_alphabetic()).count() >= 2);
                prop_assert!(!text.chars().any(is_forbidden));
                prop_assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), text);
                prop_assert_eq!(WingName::parse(text), Ok(name.clone()));
            }
        }
    }
}
