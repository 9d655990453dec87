//! Characters that free text must not carry into a chat, and how to quote a refused character
//! back to the person who typed it.

/// Controls other than the line feed and the tab, and the marks that turn the direction of the
/// text around them (bidi embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069):
/// an event title could otherwise be shown backwards, or with a hidden part, to a whole region.
/// The other line breaks (a carriage return, U+0085, U+2028, U+2029) are refused too: the
/// calendar file escapes only the line feed, so they would break its lines. (A CR LF pair is
/// read as a line feed first, see [`normalise_line_breaks`].) Right-to-left letters and the
/// plain direction marks (U+200E, U+200F) are welcome.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A CR LF pair (what some clients send for a new line) as the line feed it means; a carriage
/// return on its own stays, for [`is_forbidden`] to refuse.
pub fn normalise_line_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains("\r\n") {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    }
}

/// Whether a character shows nothing (or changes its neighbours) when quoted alone: controls,
/// spaces, format characters, variation selectors and combining marks.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{ad}'
                | '\u{300}'..='\u{36f}'
                | '\u{483}'..='\u{489}'
                | '\u{591}'..='\u{5c7}'
                | '\u{600}'..='\u{605}'
                | '\u{610}'..='\u{61a}'
                | '\u{61c}'
                | '\u{64b}'..='\u{65f}'
                | '\u{670}'
                | '\u{6d6}'..='\u{6ed}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{1ab0}'..='\u{1aff}'
                | '\u{1dc0}'..='\u{1dff}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{20d0}'..='\u{20ff}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{fe20}'..='\u{fe2f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// A refused character as it can be quoted back: itself, or its code point (`U+202E`) when it
/// would be invisible, or would turn the answer around.
pub fn quotable(c: char) -> String {
    if is_invisible(c) {
        format!("U+{:04X}", u32::from(c))
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hostile;
    use proptest::prelude::*;

    #[test]
    fn direction_overrides_and_controls_are_forbidden_letters_are_not() {
        for c in ['\0', '\u{1b}', '\u{7f}', '\u{202e}', '\u{202a}', '\u{2067}'] {
            assert!(is_forbidden(c), "{c:?}");
        }
        // Line breaks the calendar file does not escape.
        for c in ['\r', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(is_forbidden(c), "{c:?}");
        }
        assert_eq!(normalise_line_breaks("a\r\nb\rc"), "a\nb\rc");
        for c in ['\n', '\t', ' ', 'a', 'ә', 'ا', 'א', '😀', '\u{200f}', '<', '&'] {
            assert!(!is_forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn invisible_characters_are_quoted_by_code_point() {
        assert_eq!(quotable('\u{202e}'), "U+202E");
        assert_eq!(quotable('\0'), "U+0000");
        assert_eq!(quotable('\u{e0041}'), "U+E0041");
        assert_eq!(quotable('😀'), "😀");
        assert_eq!(quotable('<'), "<");
    }

    proptest! {
        #[test]
        fn a_quoted_character_is_visible_and_short(c in hostile::tricky_char()) {
            let quoted = quotable(c);
            prop_assert!(quoted.chars().all(|q| !is_invisible(q)), "{:?}", quoted);
            prop_assert!(quoted.chars().count() <= 8);
            prop_assert!(quoted == c.to_string() || quoted.starts_with("U+"));
        }
    }
}
