//! The three languages stay in step, and the code never asks for a message that is missing.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use birlik::i18n::{LOCALE_FILES, Lang, Locales};
use fluent_bundle::FluentValue;
use regex::Regex;

fn keys(lang: Lang) -> BTreeSet<String> {
    Locales::keys(lang).into_iter().collect()
}

#[test]
fn every_language_has_the_same_messages() {
    let kk = keys(Lang::Kk);
    assert!(kk.len() > 50, "the Kazakh file looks empty");
    for lang in [Lang::Ru, Lang::En] {
        let other = keys(lang);
        let missing: Vec<_> = kk.difference(&other).collect();
        let extra: Vec<_> = other.difference(&kk).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang:?} has keys Kazakh lacks: {extra:?}");
    }
}

#[test]
fn every_ftl_file_on_disk_is_loaded() {
    for lang in Lang::ALL {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.code());
        let mut on_disk: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".ftl"))
            .collect();
        on_disk.sort();
        let mut loaded: Vec<String> = LOCALE_FILES.iter().map(|f| f.to_string()).collect();
        loaded.sort();
        assert_eq!(on_disk, loaded, "{}", dir.display());
    }
}

#[test]
fn the_same_placeables_appear_in_every_language() {
    let variable = Regex::new(r"\{\s*\$([a-z_]+)").unwrap();
    let sources: Vec<(Lang, String)> = Lang::ALL
        .iter()
        .map(|lang| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang.code());
            let text = LOCALE_FILES
                .iter()
                .map(|f| fs::read_to_string(dir.join(f)).unwrap())
                .collect();
            (*lang, text)
        })
        .collect();
    for key in keys(Lang::Kk) {
        let per_lang: Vec<BTreeSet<String>> = sources
            .iter()
            .map(|(_, source)| {
                let body = message_body(source, &key);
                variable.captures_iter(&body).map(|c| c[1].to_owned()).collect()
            })
            .collect();
        assert!(
            per_lang.windows(2).all(|w| w[0] == w[1]),
            "{key}: arguments differ between languages: {per_lang:?}"
        );
    }
}

/// The text of one message in a Fluent source: its line and the indented lines after it.
fn message_body(source: &str, key: &str) -> String {
    let mut lines = source
        .lines()
        .skip_while(|line| !line.starts_with(&format!("{key} =")));
    let mut body = lines.next().unwrap_or_default().to_owned();
    for line in lines.take_while(|line| line.starts_with(' ') || line.is_empty()) {
        body.push_str(line);
    }
    body
}

#[test]
fn every_key_the_code_uses_exists() {
    let available = keys(Lang::Kk);
    // Keys are passed as string literals to `text`, `text_with`, and the keyboard and reply
    // helpers; anything that looks like a kebab-case message id in src/ must exist.
    let literal = Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#).unwrap();
    let mut used = BTreeSet::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut |source| {
            // Unit tests at the bottom of a file use other strings.
            let code = source.split("#[cfg(test)]").next().unwrap_or_default();
            for capture in literal.captures_iter(code) {
                used.insert(capture[1].to_owned());
            }
        },
    );
    // Keys built at run time from a prefix.
    use birlik::bot::commands::{ADMIN_MENU, COORDINATOR_MENU, MEMBER_MENU};
    for name in MEMBER_MENU.iter().chain(&COORDINATOR_MENU).chain(&ADMIN_MENU) {
        used.insert(format!("cmd-{name}"));
    }
    let missing: Vec<_> = used.iter().filter(|k| !available.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "the code uses keys no locale file has: {missing:?}"
    );
    assert!(used.len() > 40, "the key scan found too little: {used:?}");
}

#[test]
fn kazakh_text_is_kazakh_cyrillic() {
    let locales = Locales::load().unwrap();
    let kazakh_letters = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
    let all: String = keys(Lang::Kk).iter().map(|k| locales.text(Lang::Kk, k)).collect();
    for letter in ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'і'] {
        assert!(all.contains(letter), "no {letter} anywhere in the Kazakh texts");
    }
    // Long Kazakh messages are not Russian or English left untranslated.
    for key in keys(Lang::Kk) {
        let text = locales.text(Lang::Kk, &key);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 40 {
            assert!(
                text.chars()
                    .any(|c| kazakh_letters.contains(&c.to_lowercase().next().unwrap())),
                "{key} has no Kazakh letter: {text}"
            );
            assert_ne!(text, locales.text(Lang::Ru, &key), "{key} is the Russian text");
        }
    }
}

fn visit(dir: &Path, on_file: &mut impl FnMut(&str)) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, on_file);
        } else if path.extension().is_some_and(|e| e == "rs") {
            on_file(&fs::read_to_string(&path).unwrap());
        }
    }
}

/// Arguments the code passes as numbers: a message showing one of them must read right for any
/// count, not only for today's constants.
const NUMBER_ARGUMENTS: [&str; 27] = [
    "answers",
    "attended",
    "blocked",
    "cancelled",
    "capacity",
    "confirmed",
    "count",
    "delivered",
    "done",
    "events",
    "failed",
    "groups",
    "hours",
    "max",
    "max_age",
    "members",
    "min",
    "min_age",
    "new",
    "noshows",
    "position",
    "present",
    "seconds",
    "stars",
    "taken",
    "total",
    "waiting",
];

/// The counts that tell the plural forms apart: ru has one (1, 21), few (2, 22), many (0, 5, 11,
/// 25, 111); en has one (1) and other.
const COUNTS: [i64; 9] = [0, 1, 2, 5, 11, 21, 22, 25, 111];

/// The words that change with the number, as `{n}` and the word around it: en one and other,
/// ru one, few and many. A message not listed here for a language must read the same for every
/// count (only the number changes), as every Kazakh one does: Kazakh nouns stay singular after a
/// numeral.
#[rustfmt::skip]
const PLURAL_FORMS: &[(&str, &str, Lang, [&str; 3])] = &[
    ("age-years", "count", Lang::En, ["{n} year", "{n} years", "{n} years"]),
    ("age-years", "count", Lang::Ru, ["{n} год", "{n} года", "{n} лет"]),
    ("wings-line", "count", Lang::En, ["{n} member", "{n} members", "{n} members"]),
    ("wings-line", "count", Lang::Ru, ["{n} участник", "{n} участника", "{n} участников"]),
    ("name-too-short", "min", Lang::En, ["{n} letter", "{n} letters", "{n} letters"]),
    ("name-too-short", "min", Lang::Ru, ["не меньше {n} буквы", "не меньше {n} букв", "не меньше {n} букв"]),
    ("name-too-long", "max", Lang::En, ["{n} character.", "{n} characters.", "{n} characters."]),
    ("name-too-long", "max", Lang::Ru, ["не больше {n} символа", "не больше {n} символов", "не больше {n} символов"]),
    ("birth-year-too-young", "min_age", Lang::Ru, ["с {n} года", "с {n} лет", "с {n} лет"]),
    ("birth-year-too-old", "max_age", Lang::Ru, ["до {n} года", "до {n} лет", "до {n} лет"]),
    ("broadcast-summary", "members", Lang::En, ["{n} member and", "{n} members and", "{n} members and"]),
    ("broadcast-summary", "groups", Lang::En, ["{n} group chat.", "{n} group chats.", "{n} group chats."]),
    ("broadcast-report", "total", Lang::En, ["{n} recipient.", "{n} recipients.", "{n} recipients."]),
    ("broadcast-report-cancelled", "total", Lang::En, ["{n} recipient.", "{n} recipients.", "{n} recipients."]),
    ("event-too-many-signups", "max", Lang::En, ["{n} upcoming sign-up,", "{n} upcoming sign-ups,", "{n} upcoming sign-ups,"]),
    ("event-too-many-signups", "max", Lang::Ru, ["{n} предстоящая запись", "{n} предстоящие записи", "{n} предстоящих записей"]),
    ("event-published", "count", Lang::En, ["{n} member or group.", "{n} members and groups.", "{n} members and groups."]),
    ("event-error-too-long", "max", Lang::En, ["{n} character,", "{n} characters,", "{n} characters,"]),
    ("event-error-too-long", "max", Lang::Ru, ["не больше {n} символа", "не больше {n} символов", "не больше {n} символов"]),
    ("rating-ask-comment", "max", Lang::En, ["{n} character)", "{n} characters)", "{n} characters)"]),
    ("rating-ask-comment", "max", Lang::Ru, ["до {n} символа", "до {n} символов", "до {n} символов"]),
    ("event-error-capacity-below", "taken", Lang::En, ["{n} volunteer is", "{n} volunteers are", "{n} volunteers are"]),
    ("event-error-capacity-below", "taken", Lang::Ru, ["подтверждён {n} волонтёр:", "подтверждено {n} волонтёра:", "подтверждено {n} волонтёров:"]),
    ("event-cancelled-done", "count", Lang::En, ["{n} signed-up member will", "{n} signed-up members will", "{n} signed-up members will"]),
    ("certificate-total", "events", Lang::En, ["{n} event,", "{n} events,", "{n} events,"]),
    ("certificate-total", "events", Lang::Ru, ["{n} мероприятие,", "{n} мероприятия,", "{n} мероприятий,"]),
    ("import-button-store", "count", Lang::En, ["{n} person", "{n} people", "{n} people"]),
    ("import-button-store", "count", Lang::Ru, ["{n} человека", "{n} человек", "{n} человек"]),
];

/// Words after a number that do not change with it: units, prepositions and participles.
const NOT_COUNTED: [&str; 9] = ["s", "h", "of", "sent", "waiting", "more", "с", "ч", "из"];

/// 0: one, 1: few, 2: many (and en's other), as CLDR sorts integers.
fn plural_form(lang: Lang, n: i64) -> usize {
    match lang {
        Lang::Ru if n % 10 == 1 && n % 100 != 11 => 0,
        Lang::Ru if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => 1,
        Lang::En if n == 1 => 0,
        _ => 2,
    }
}

#[test]
fn every_message_with_a_number_reads_right_for_any_count() {
    let locales = Locales::load().unwrap();
    let variable = Regex::new(r"\{\s*\$([a-z_]+)").unwrap();
    let mut checked = 0;
    let mut uncounted = Vec::new();
    for lang in Lang::ALL {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.code());
        let source: String = LOCALE_FILES
            .iter()
            .map(|f| fs::read_to_string(dir.join(f)).unwrap())
            .collect();
        for key in keys(lang) {
            let names: BTreeSet<String> = variable
                .captures_iter(&message_body(&source, &key))
                .map(|c| c[1].to_owned())
                .collect();
            for number in names.iter().filter(|n| NUMBER_ARGUMENTS.contains(&n.as_str())) {
                // The other arguments hold no digit, so the number is the only one in the text.
                let render = |n: i64| {
                    let args: Vec<(&str, FluentValue)> = names
                        .iter()
                        .map(|name| {
                            let value: FluentValue = if name == number {
                                n.into()
                            } else {
                                "‹x›".into()
                            };
                            (name.as_str(), value)
                        })
                        .collect();
                    locales.text_with(lang, &key, &args)
                };
                let forms = PLURAL_FORMS
                    .iter()
                    .find(|(k, v, l, _)| *k == key && v == number && *l == lang);
                if forms.is_none() && lang != Lang::Kk {
                    // A number followed by a word is a count of something: that word has forms.
                    let text = render(3);
                    let word_after = text.split("3 ").skip(1).map(|rest| {
                        rest.split(|c: char| !c.is_alphabetic())
                            .next()
                            .unwrap_or_default()
                    });
                    for word in word_after.filter(|w| !w.is_empty() && !NOT_COUNTED.contains(w)) {
                        uncounted.push(format!("{key} in {lang:?}: «3 {word}»"));
                    }
                }
                for n in COUNTS {
                    let text = render(n);
                    match forms {
                        Some((.., forms)) => {
                            let expected = forms[plural_form(lang, n)].replace("{n}", &n.to_string());
                            assert!(
                                text.contains(&expected),
                                "{key} in {lang:?} with {number} = {n}: expected «{expected}» in «{text}»"
                            );
                        }
                        None => assert_eq!(
                            text,
                            render(3).replace('3', &n.to_string()),
                            "{key} in {lang:?} changes its words with {number} = {n}: add its plural forms"
                        ),
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(
        uncounted.is_empty(),
        "these need plural forms in PLURAL_FORMS: {uncounted:#?}"
    );
    // Every listed form is a message that exists and shows that number.
    for (key, number, lang, _) in PLURAL_FORMS {
        let text = locales.text_with(*lang, key, &[(*number, 21.into())]);
        assert!(text.contains("21"), "{key} in {lang:?} does not show ${number}");
    }
    assert!(
        checked > 500,
        "too few messages with numbers were found: {checked}"
    );
}

/// Buttons that share their row with another, and what the code puts before the label (a tick,
/// an icon). Every other button is alone in its row.
#[rustfmt::skip]
const SHARED_ROW_BUTTONS: &[(&str, &str)] = &[
    ("language-name", "✓ "),
    ("reg-consent-agree", ""), ("reg-consent-decline", ""),
    ("profile-edit-name", ""), ("profile-edit-birth-year", ""), ("profile-edit-region", ""),
    ("profile-edit-wing", ""), ("profile-edit-phone", ""), ("profile-edit-language", ""),
    ("stats-period-30d", "✓ "), ("stats-period-90d", "✓ "), ("stats-period-year", "✓ "), ("stats-period-all", "✓ "),
    ("event-field-title", ""), ("event-field-description", ""), ("event-field-start", ""), ("event-field-end", ""),
    ("event-field-place", ""), ("event-field-capacity", ""), ("event-field-deadline", ""),
    ("event-edit", ""), ("event-discard", ""),
    ("volunteers-csv", ""), ("event-qr", ""),
    ("broadcasts-report-one", ""), ("broadcasts-cancel-one", ""),
    ("wings-archive", "🗄 "), ("wings-keep", ""),
];

/// Button labels the code picks through a variable rather than naming them in the call.
const BUTTONS_CHOSEN_AT_RUN_TIME: [&str; 6] = [
    "phone-skip",
    "phone-remove",
    "broadcast-ack-on",
    "broadcast-ack-off",
    "event-still-coming-yes",
    "event-still-coming-no",
];

/// How wide a label looks on a phone: an emoji takes two places, its variation selector none.
fn width(label: &str) -> usize {
    label
        .chars()
        .map(|c| match c as u32 {
            0xFE0F | 0x200D => 0,
            0x2190..=0x2BFF | 0x1F000.. => 2,
            _ => 1,
        })
        .sum()
}

#[test]
fn buttons_fit_a_phone() {
    let locales = Locales::load().unwrap();
    let call = Regex::new(
        r#"(?:button|KeyboardButton::new|InlineKeyboardButton::callback)\(\s*&?locales\s*\.\s*text(?:_with)?\(\s*[a-z_]+\s*,\s*"([a-z0-9-]+)""#,
    )
    .unwrap();
    let mut buttons: BTreeSet<String> = BUTTONS_CHOSEN_AT_RUN_TIME.iter().map(|k| k.to_string()).collect();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut |source| {
            buttons.extend(call.captures_iter(source).map(|c| c[1].to_owned()));
        },
    );
    assert!(
        buttons.len() > 20,
        "the button scan found too little: {buttons:?}"
    );
    buttons.extend(SHARED_ROW_BUTTONS.iter().map(|(k, _)| k.to_string()));
    // Numbers as wide as they get: a six-digit id, the whole movement as an audience.
    let args = [
        ("id", FluentValue::from(999_999)),
        ("count", FluentValue::from(22_000)),
    ];
    let mut too_wide = Vec::new();
    for lang in Lang::ALL {
        for key in &buttons {
            let (limit, prefix) = match SHARED_ROW_BUTTONS.iter().find(|(k, _)| k == key) {
                Some((_, prefix)) => (24, *prefix),
                None => (40, ""),
            };
            let label = format!("{prefix}{}", locales.text_with(lang, key, &args));
            if width(&label) > limit {
                too_wide.push(format!(
                    "{key} in {lang:?}: «{label}» is {} wide, at most {limit}",
                    width(&label)
                ));
            }
        }
    }
    assert!(too_wide.is_empty(), "buttons too wide for a phone: {too_wide:#?}");
    assert_eq!(width("✏️ Аты-жөні"), 11, "an emoji counts two");
}
