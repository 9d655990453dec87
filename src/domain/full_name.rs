//! A member's full name as typed: letters of any script, spaces, hyphens and apostrophes.

use std::fmt;

pub const MIN_CHARS: usize = 2;
pub const MAX_CHARS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullName(String);

/// Why a typed name was refused; each maps to a message the member sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FullNameError {
    Empty,
    TooShort,
    TooLong,
    /// The first character that is not a letter, space, hyphen or apostrophe.
    InvalidCharacter(char),
}

fn is_separator(c: char) -> bool {
    // Hyphens and apostrophes as phones type them: ASCII, typographic and modifier letters.
    matches!(c, '-' | '‐' | '‑' | '\'' | '’' | 'ʼ' | '‘' | '`')
}

impl FullName {
    /// Trims the name and collapses runs of spaces, then checks it.
    pub fn parse(input: &str) -> Result<Self, FullNameError> {
        let normalized = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if normalized.is_empty() {
            return Err(FullNameError::Empty);
        }
        if let Some(bad) = normalized
            .chars()
            .find(|&c| !(c.is_alphabetic() || c == ' ' || is_separator(c)))
        {
            return Err(FullNameError::InvalidCharacter(bad));
        }
        let letters = normalized.chars().filter(|c| c.is_alphabetic()).count();
        if letters < MIN_CHARS || normalized.chars().count() < MIN_CHARS {
            return Err(FullNameError::TooShort);
        }
        if normalized.chars().count() > MAX_CHARS {
            return Err(FullNameError::TooLong);
        }
        if !normalized.starts_with(char::is_alphabetic) {
            let first = normalized.chars().next().unwrap_or(' ');
            return Err(FullNameError::InvalidCharacter(first));
        }
        Ok(Self(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_kazakh_names_with_every_kazakh_letter() {
        for name in [
            "Әйгерім Нұрланқызы",
            "Ғалым Қанатұлы",
            "Өмірзақ Үсенов",
            "Һәкім Ңұрғали",
            "Іңкәр",
        ] {
            assert_eq!(FullName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn accepts_other_scripts_hyphens_and_apostrophes() {
        for name in [
            "Анна-Мария Ким",
            "Sean O'Connor",
            "Д’Артаньян",
            "Ли Мин Хо",
            "김민준",
            "Müller-Lüdenscheidt",
            "Ərtoğrul",
        ] {
            assert!(FullName::parse(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn trims_and_collapses_spaces() {
        assert_eq!(
            FullName::parse("  Асқар   Жұмабаев \n").unwrap().as_str(),
            "Асқар Жұмабаев"
        );
    }

    #[test]
    fn refuses_empty_and_short_input() {
        assert_eq!(FullName::parse(""), Err(FullNameError::Empty));
        assert_eq!(FullName::parse("   "), Err(FullNameError::Empty));
        assert_eq!(FullName::parse("Ә"), Err(FullNameError::TooShort));
        assert_eq!(FullName::parse("А-"), Err(FullNameError::TooShort));
        assert!(FullName::parse("Ән").is_ok());
    }

    #[test]
    fn refuses_over_long_input() {
        let at_limit = "а".repeat(MAX_CHARS);
        assert!(FullName::parse(&at_limit).is_ok());
        assert_eq!(
            FullName::parse(&"а".repeat(MAX_CHARS + 1)),
            Err(FullNameError::TooLong)
        );
    }

    #[test]
    fn refuses_digits_symbols_and_leading_separators() {
        assert_eq!(
            FullName::parse("Асқар 2"),
            Err(FullNameError::InvalidCharacter('2'))
        );
        assert_eq!(
            FullName::parse("<b>Аня</b>"),
            Err(FullNameError::InvalidCharacter('<'))
        );
        assert_eq!(
            FullName::parse("Аня 😀"),
            Err(FullNameError::InvalidCharacter('😀'))
        );
        assert_eq!(FullName::parse("-Аня"), Err(FullNameError::InvalidCharacter('-')));
        assert!(matches!(
            FullName::parse("/start"),
            Err(FullNameError::InvalidCharacter('/'))
        ));
    }

    use crate::domain::hostile;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// A word of letters in one of the scripts members write their names in.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z]{1,12}",
            "[а-яА-ЯёЁ]{1,12}",
            "[әғқңөұүһіӘҒҚҢӨҰҮҺІ]{1,12}",
            "[א-ת]{1,10}",
            "[ا-ي]{1,10}",
            "[가-힣]{1,6}",
            "[a-zA-Z]{1,6}['’-][a-zA-Z]{1,6}",
        ]
    }

    proptest! {
        #[test]
        fn never_panics_and_what_it_accepts_is_within_bounds(input in hostile::text()) {
            if let Ok(name) = FullName::parse(&input) {
                let text = name.as_str();
                prop_assert!((MIN_CHARS..=MAX_CHARS).contains(&text.chars().count()));
                prop_assert!(text.starts_with(char::is_alphabetic));
                prop_assert!(text.chars().all(|c| c.is_alphabetic() || c == ' ' || is_separator(c)));
                prop_assert!(!text.contains("  "));
                prop_assert_eq!(text.trim(), text);
                // Normalised once is normalised for good.
                prop_assert_eq!(FullName::parse(text), Ok(name.clone()));
            }
        }

        #[test]
        fn a_name_comes_back_as_its_words_with_single_spaces(
            words in vec(word(), 1..6),
            gaps in vec("[ \t\n\u{a0}\u{3000}]{1,3}", 7),
        ) {
            let mut typed = gaps[0].clone();
            for (word, gap) in words.iter().zip(&gaps[1..]) {
                typed.push_str(word);
                typed.push_str(gap);
            }
            let expected = words.join(" ");
            let length = expected.chars().count();
            match FullName::parse(&typed) {
                Ok(name) => prop_assert_eq!(name.as_str(), expected.as_str()),
                Err(error) => {
                    prop_assert!(!(MIN_CHARS..=MAX_CHARS).contains(&length), "{:?}: {:?}", typed, error);
                }
            }
        }
    }
}
