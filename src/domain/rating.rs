//! Rating an event afterwards: 1 to 5 stars and an optional comment, by a volunteer marked
//! present, changeable for a week after the event's end.

use super::event::{TextError, parse_text};

/// How long after an event's end its volunteers may rate it, or change their rating.
pub const OPEN_FOR_SECONDS: i64 = 7 * 24 * 3600;
/// Longer than a message to staff needs to be; the comments of an event share one message.
pub const COMMENT_MAX: usize = 500;

/// Whether an event that ended at `ends_at` can still be rated at `now`.
pub fn is_open(ends_at: i64, now: i64) -> bool {
    now < ends_at + OPEN_FOR_SECONDS
}

/// From one to five stars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stars(u8);

impl Stars {
    pub const ALL: [Stars; 5] = [Stars(1), Stars(2), Stars(3), Stars(4), Stars(5)];

    pub fn new(stars: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| i64::from(s.0) == stars)
    }

    pub fn get(self) -> i64 {
        i64::from(self.0)
    }

    /// The button's label: as many stars as it gives.
    pub fn label(self) -> String {
        "⭐".repeat(usize::from(self.0))
    }
}

/// A comment on an event: free text, checked as event texts are.
pub fn parse_comment(input: &str) -> Result<String, TextError> {
    parse_text(input, COMMENT_MAX)
}

/// The average of answers, to one decimal: 4.5.
pub fn average(stars_total: i64, answers: i64) -> Option<f64> {
    (answers > 0).then(|| (stars_total as f64 / answers as f64 * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hostile;
    use crate::domain::text::is_forbidden;
    use proptest::prelude::*;

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(Stars::new(0), None);
        assert_eq!(Stars::new(6), None);
        assert_eq!(Stars::new(-3), None);
        assert_eq!(Stars::new(4).map(Stars::get), Some(4));
        assert_eq!(Stars::new(3).unwrap().label(), "⭐⭐⭐");
    }

    #[test]
    fn rating_is_open_for_a_week_after_the_end() {
        assert!(is_open(1000, 1000 + OPEN_FOR_SECONDS - 1));
        assert!(!is_open(1000, 1000 + OPEN_FOR_SECONDS));
    }

    #[test]
    fn the_average_has_one_decimal() {
        assert_eq!(average(0, 0), None);
        assert_eq!(average(9, 2), Some(4.5));
        assert_eq!(average(14, 3), Some(4.7));
    }

    #[test]
    fn comments_are_checked_like_other_free_text() {
        assert_eq!(parse_comment("  Great day!  "), Ok("Great day!".to_owned()));
        assert_eq!(parse_comment(" "), Err(TextError::Empty));
        assert_eq!(
            parse_comment(&"a".repeat(COMMENT_MAX + 1)),
            Err(TextError::TooLong { max: COMMENT_MAX })
        );
        assert_eq!(parse_comment("a\u{202e}b"), Err(TextError::ControlCharacter));
    }

    proptest! {
        #[test]
        fn comments_never_panic_and_keep_their_bounds(input in hostile::text()) {
            if let Ok(comment) = parse_comment(&input) {
                prop_assert!(!comment.is_empty());
                prop_assert!(comment.chars().count() <= COMMENT_MAX);
                prop_assert!(!comment.chars().any(is_forbidden));
            }
        }
    }
}
