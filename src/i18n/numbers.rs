//! Numbers in messages as each language writes them ("22 000", "4,5" in kk and ru; "22,000",
//! "4.5" in en), from CLDR data through ICU4X, plugged into Fluent so that plural selection still
//! sees a number.

use fluent_bundle::FluentValue;
use fluent_bundle::memoizer::MemoizerKind;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::Locale;
use intl_memoizer::Memoizable;
use unic_langid::LanguageIdentifier;

/// The bundle's number formatter, built once per language by Fluent's memoizer.
pub struct NumberFormat(DecimalFormatter);

impl Memoizable for NumberFormat {
    /// Whether to group thousands (Fluent's `useGrouping`).
    type Args = bool;
    type Error = String;

    fn construct(lang: LanguageIdentifier, grouping: bool) -> Result<Self, Self::Error> {
        let locale: Locale = lang.to_string().parse().map_err(|e| format!("{lang}: {e}"))?;
        let mut options = DecimalFormatterOptions::default();
        if !grouping {
            options.grouping_strategy = Some(GroupingStrategy::Never);
        }
        DecimalFormatter::try_new((&locale).into(), options)
            .map(NumberFormat)
            .map_err(|e| format!("{lang}: {e}"))
    }
}

impl NumberFormat {
    /// The formatter of `lang`, thousands grouped: for numbers drawn outside Fluent (a chart's
    /// axis and bars).
    pub fn of(lang: crate::i18n::Lang) -> anyhow::Result<Self> {
        let langid = lang.code().parse()?;
        Self::construct(langid, true).map_err(anyhow::Error::msg)
    }

    /// A whole number with the language's separators.
    pub fn integer(&self, value: i64) -> String {
        self.0.format(&Decimal::from(value)).to_string()
    }

    /// `value` with the language's separators; `None` for what is not a finite number.
    pub fn format(&self, value: f64) -> Option<String> {
        if !value.is_finite() {
            return None;
        }
        // Rust prints the shortest decimal that reads back as `value`, never an exponent.
        let decimal = Decimal::try_from_str(&value.to_string()).ok()?;
        Some(self.0.format(&decimal).to_string())
    }
}

/// The formatter the bundles use: numbers through [`NumberFormat`], everything else as Fluent
/// would print it.
pub fn fluent_formatter<M: MemoizerKind>(value: &FluentValue, intls: &M) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    intls
        .with_try_get_threadsafe::<NumberFormat, _, _>(number.options.use_grouping, |format| {
            format.format(number.value)
        })
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::NumberFormat;
    use crate::i18n::Lang;

    #[test]
    fn whole_numbers_drawn_outside_fluent_are_grouped_the_languages_way() {
        let of = |lang| NumberFormat::of(lang).unwrap().integer(22_000);
        assert_eq!(of(Lang::Ru), "22\u{a0}000");
        assert_eq!(of(Lang::Kk), "22\u{a0}000");
        assert_eq!(of(Lang::En), "22,000");
        assert_eq!(NumberFormat::of(Lang::Ru).unwrap().integer(950), "950");
    }
}
