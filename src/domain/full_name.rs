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
}
