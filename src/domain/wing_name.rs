//! The name of a youth wing, as a coordinator types it.

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
        if name.chars().any(char::is_control) {
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
}
