//! Languages and translated text: Fluent files from `locales/`, embedded in the binary.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language the bot speaks.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "TEXT", rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Kk,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Accepts `kk`, `ru`, `en` and regional variants Telegram sends, such as `ru-RU`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.code() == primary)
    }
}

/// The Fluent files of each language, in the order they are loaded.
pub const LOCALE_FILES: [&str; 10] = [
    "common.ftl",
    "registration.ftl",
    "profile.ftl",
    "staff.ftl",
    "privacy.ftl",
    "broadcast.ftl",
    "events.ftl",
    "stats.ftl",
    "digest.ftl",
    "charts.ftl",
];

macro_rules! locale_sources {
    ($lang:literal) => {
        locale_sources!($lang; "common.ftl", "registration.ftl", "profile.ftl", "staff.ftl", "privacy.ftl", "broadcast.ftl", "events.ftl", "stats.ftl", "digest.ftl", "charts.ftl")
    };
    ($lang:literal; $($file:literal),+) => {
        [$(($file, include_str!(concat!("../locales/", $lang, "/", $file)))),+]
    };
}

fn sources(lang: Lang) -> [(&'static str, &'static str); LOCALE_FILES.len()] {
    match lang {
        Lang::Kk => locale_sources!("kk"),
        Lang::Ru => locale_sources!("ru"),
        Lang::En => locale_sources!("en"),
    }
}

/// Arguments for a message: `&[("name", name.into())]`.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

/// All translations, loaded once at start and shared by every handler.
pub struct Locales {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl Locales {
    /// Parses the embedded Fluent files; a syntax error or a duplicate key stops the start.
    pub fn load() -> anyhow::Result<Self> {
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let langid = lang.code().parse().context("language identifier")?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks show up as stray characters in Telegram.
            bundle.set_use_isolating(false);
            for (file, source) in sources(lang) {
                let resource = FluentResource::try_new(source.to_owned())
                    .map_err(|(_, errors)| anyhow!("locales/{}/{file}: {errors:?}", lang.code()))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| anyhow!("locales/{}/{file}: {errors:?}", lang.code()))?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(Self { bundles })
    }

    /// The message `key` in `lang`.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        self.text_with(lang, key, &[])
    }

    /// The message `key` in `lang`, with arguments.
    pub fn text_with(&self, lang: Lang, key: &str, args: &Args<'_>) -> String {
        let bundle = &self.bundles[&lang];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            // The locale tests keep this from happening; never show a blank message if it does.
            tracing::error!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(key, lang = lang.code(), ?errors, "translation failed to format");
        }
        text.into_owned()
    }

    /// Every message id of `lang`, for the locale consistency tests.
    pub fn keys(lang: Lang) -> Vec<String> {
        sources(lang)
            .iter()
            .filter_map(|(_, source)| FluentResource::try_new((*source).to_owned()).ok())
            .flat_map(|resource| {
                resource
                    .entries()
                    .filter_map(|entry| match entry {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip_and_accept_regional_variants() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn plural_rules_follow_each_language() {
        let locales = Locales::load().unwrap();
        let years = |lang, n: i64| locales.text_with(lang, "age-years", &[("count", n.into())]);
        assert_eq!(years(Lang::En, 1), "1 year");
        assert_eq!(years(Lang::En, 21), "21 years");
        assert_eq!(years(Lang::Ru, 21), "21 год");
        assert_eq!(years(Lang::Ru, 22), "22 года");
        assert_eq!(years(Lang::Ru, 25), "25 лет");
        assert_eq!(years(Lang::Kk, 25), "25 жас");
    }

    use crate::domain::hostile;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static LOCALES: LazyLock<Locales> = LazyLock::new(|| Locales::load().unwrap());

    proptest! {
        #[test]
        fn telegram_language_codes_never_panic(code in hostile::text()) {
            if let Some(lang) = Lang::from_code(&code) {
                prop_assert!(code.to_ascii_lowercase().starts_with(lang.code()));
            }
        }

        #[test]
        fn what_people_typed_is_quoted_exactly(
            name in hostile::text(),
            lang in proptest::sample::select(Lang::ALL.to_vec()),
        ) {
            // Isolation marks off, no escaping: a name comes back as it was typed.
            let text = LOCALES.text_with(lang, "welcome-back", &[("name", name.as_str().into())]);
            prop_assert!(text.contains(name.as_str()));
            let without = LOCALES.text_with(lang, "welcome-back", &[("name", "".into())]);
            prop_assert_eq!(text.chars().count(), without.chars().count() + name.chars().count());
        }
    }
}
