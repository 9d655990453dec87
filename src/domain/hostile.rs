//! Text as an attacker, a careless paste or a cat on the keyboard sends it: what the property
//! tests of every parser draw their input from.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

/// Characters that break naive parsers: controls, bidi overrides and isolates, zero-width
/// marks, right-to-left letters, emoji with their joiners and modifiers, combining marks,
/// Kazakh letters, full-width and Arabic-Indic digits, separators and markup.
const TRICKY: &[char] = &[
    '\0', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{ad}', '\u{200b}',
    '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2028}', '\u{2029}', '\u{202a}', '\u{202b}',
    '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}',
    '\u{fffd}', '\u{3000}', 'ا', 'ل', 'ع', 'ر', 'ب', 'ي', 'א', 'ש', 'ל', 'ו', 'ם', '😀', '👍', '🏽', '🇰',
    '🇿', '\u{fe0f}', '\u{301}', '\u{308}', '\u{64b}', 'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'Ә', 'І',
    'ё', 'Ё', '１', '٥', '٠', '߀', 'ǅ', 'ß', 'ﬁ', 'İ', '’', 'ʼ', '‘', '`', '‐', '‑', '—', '«', '»', '№', '<',
    '>', '&', '*', '_', '[', ']', '(', ')', '~', '|', '#', '+', '-', '=', '{', '}', '.', '!', '\\', '"',
    '\'', '/', ':', '@', '%', ';', ',', '?', '$',
];

/// Fragments that mean something to a database, to Telegram's markup, to Fluent or to one of
/// our own parsers.
const FRAGMENTS: &[&str] = &[
    "'; DROP TABLE members; --",
    "\" OR 1=1 --",
    "<b>",
    "</b>",
    "<a href=\"tg://user?id=1\">",
    "&amp;",
    "&lt;",
    "*_[]`",
    "```",
    "||",
    "{ $name }",
    "%s%n",
    "NULL",
    "inv_",
    "chk_",
    "KZ-",
    "KZ-75",
    "@",
    "/start",
    "/start@birlik_bot",
    "05.12.2026",
    "2026-12-05",
    "5/12",
    "15:00",
    "9:5",
    "24:00",
    "29.02",
    "h",
    "ч",
    "сағ",
    "min",
    "мин",
    "e308",
    "NaN",
    "inf",
    "-",
    "+7",
    "0x",
    "organiser",
    "ұйымдастырушы",
    "admin",
];

/// One character, most often a tricky one.
pub fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => proptest::char::range('\0', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{9f}'),
        4 => select(TRICKY),
        3 => proptest::char::range(' ', '~'),
    ]
}

/// A piece of text: a character, a fragment, a run of digits, letters or punctuation.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        tricky_char().prop_map(String::from),
        select(FRAGMENTS).prop_map(str::to_owned),
        "[0-9]{1,25}",
        "[a-zA-Zа-яА-Я]{1,8}",
        "[ .:/-]{1,3}",
        "[ \t\n]{1,4}",
    ]
}

/// Any text: arbitrary Unicode, pieces put together, now and then over Telegram's 4,096
/// characters.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        6 => vec(piece(), 0..16).prop_map(|pieces| pieces.concat()),
        // Pieces repeated rather than 4,000 characters drawn one by one, which is slow.
        1 => (vec(piece(), 1..8), 4000..4200usize)
            .prop_map(|(pieces, length)| pieces.concat().chars().cycle().take(length).collect()),
    ]
}

/// `prefix` followed by any text: for parsers that look at what follows a known start.
pub fn after(prefixes: &'static [&'static str]) -> impl Strategy<Value = String> {
    (select(prefixes), text()).prop_map(|(prefix, rest)| format!("{prefix}{rest}"))
}
