//! One value for each language, such as a message rendered in each, read by language.

use super::Lang;

/// A value for each language the bot speaks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PerLang<T> {
    pub kk: T,
    pub ru: T,
    pub en: T,
}

impl<T> PerLang<T> {
    /// `value` of each language.
    pub fn from_fn(mut value: impl FnMut(Lang) -> T) -> Self {
        PerLang {
            kk: value(Lang::Kk),
            ru: value(Lang::Ru),
            en: value(Lang::En),
        }
    }

    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerLang<U> {
        PerLang {
            kk: f(self.kk),
            ru: f(self.ru),
            en: f(self.en),
        }
    }

    pub fn as_ref(&self) -> PerLang<&T> {
        PerLang {
            kk: &self.kk,
            ru: &self.ru,
            en: &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_gets_its_own_value() {
        let codes = PerLang::from_fn(Lang::code);
        for lang in Lang::ALL {
            assert_eq!(*codes.get(lang), lang.code());
        }
    }

    #[test]
    fn map_keeps_each_value_with_its_language() {
        let greetings = PerLang {
            kk: "Сәлем",
            ru: "Привет",
            en: "Hello",
        };
        let upper = greetings.as_ref().map(|text| text.to_uppercase());
        assert_eq!(upper.get(Lang::Kk), "СӘЛЕМ");
        assert_eq!(upper.get(Lang::Ru), "ПРИВЕТ");
        assert_eq!(upper.get(Lang::En), "HELLO");
    }
}
