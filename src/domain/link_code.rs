//! The code of an imported person's personal link (`start=m_<code>`): 80 random bits the
//! database wrote as 20 lowercase hex digits. Whoever holds it may register as that person,
//! so it is only ever shown to the person it belongs to.

/// A code as links and buttons carry it; whether any pending person has it is for the
/// database to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkCode(String);

/// Longer than any code the database writes, shorter than what a button's data may carry.
const MAX_DIGITS: usize = 40;

impl LinkCode {
    /// `None` unless `input` is lowercase hex digits, as the database writes codes.
    pub fn parse(input: &str) -> Option<Self> {
        let valid = !input.is_empty()
            && input.len() <= MAX_DIGITS
            && input
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::LinkCode;

    #[test]
    fn takes_the_codes_the_database_writes() {
        let code = LinkCode::parse("0a1b2c3d4e5f60718293").unwrap();
        assert_eq!(code.as_str(), "0a1b2c3d4e5f60718293");
    }

    #[test]
    fn refuses_anything_else() {
        for input in ["", "0A1B", "xyz", "12 34", "12_34", &"a".repeat(41), "аб"] {
            assert_eq!(LinkCode::parse(input), None, "{input:?}");
        }
    }
}
