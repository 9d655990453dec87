//! The three languages stay in step, and the code never asks for a message that is missing.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use birlik::i18n::{LOCALE_FILES, Lang, Locales};
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
