//! Configuration from the environment (and `.env`, loaded by the binary before this runs).

use std::fmt;

use teloxide::types::UserId;
use url::Url;

use crate::i18n::Lang;

/// Where the bot keeps its data when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "birlik.db";
/// Messages per second the delivery queue sends when `BROADCAST_RATE` is not set.
pub const DEFAULT_BROADCAST_RATE: u32 = 25;
/// Telegram's global limit for bulk messages; the configured rate never goes above it.
pub const MAX_BROADCAST_RATE: u32 = 30;

/// Everything the bot reads from its environment.
#[derive(Clone)]
pub struct Config {
    /// The Bot API token; only the commands that talk to Telegram need it.
    pub token: Option<String>,
    /// A self-hosted Bot API server to use instead of api.telegram.org.
    pub api_url: Option<Url>,
    pub database_url: String,
    /// Telegram users who are admins of the whole country from the first start.
    pub admin_ids: Vec<UserId>,
    /// Language for people whose Telegram language is not Kazakh, Russian or English.
    pub default_locale: Lang,
    /// Messages per second for bulk delivery.
    pub broadcast_rate: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TELOXIDE_TOKEN is not set.\n\n\
         Birlik needs a Telegram bot token to run:\n  \
         1. Open Telegram, talk to @BotFather and send /newbot (or /token for an existing bot).\n  \
         2. Copy the token it gives you (it looks like 123456789:AAE...).\n  \
         3. Put it in a file named .env next to where you start the bot:\n       \
            TELOXIDE_TOKEN=123456789:AAE...\n     \
            or export it in the environment before `cargo run --release`.\n\n\
         See .env.example for every setting."
    )]
    MissingToken,
    #[error("{var} is malformed: {reason}")]
    Invalid { var: &'static str, reason: String },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests can pass their own variables.
    /// Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let token = get("TELOXIDE_TOKEN");
        if let Some(token) = &token {
            validate_token(token)?;
        }
        let api_url = get("TELOXIDE_API_URL")
            .map(|raw| {
                Url::parse(&raw).map_err(|e| ConfigError::Invalid {
                    var: "TELOXIDE_API_URL",
                    reason: format!("{e} (expected a URL such as http://127.0.0.1:8081)"),
                })
            })
            .transpose()?;
        let admin_ids = get("ADMIN_IDS")
            .map(|raw| parse_admin_ids(&raw))
            .transpose()?
            .unwrap_or_default();
        let default_locale = match get("DEFAULT_LOCALE") {
            None => Lang::Kk,
            Some(raw) => Lang::from_code(&raw).ok_or_else(|| ConfigError::Invalid {
                var: "DEFAULT_LOCALE",
                reason: format!("`{raw}` is not one of kk, ru, en"),
            })?,
        };
        let broadcast_rate = match get("BROADCAST_RATE") {
            None => DEFAULT_BROADCAST_RATE,
            Some(raw) => parse_broadcast_rate(&raw)?,
        };

        Ok(Self {
            token,
            api_url,
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            admin_ids,
            default_locale,
            broadcast_rate,
        })
    }

    /// The token, or guidance on how to get one.
    pub fn require_token(&self) -> Result<&str, ConfigError> {
        self.token.as_deref().ok_or(ConfigError::MissingToken)
    }
}

/// The token never reaches logs, even through `{:?}`.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("api_url", &self.api_url.as_ref().map(Url::as_str))
            .field("database_url", &self.database_url)
            .field("admin_ids", &self.admin_ids)
            .field("default_locale", &self.default_locale)
            .field("broadcast_rate", &self.broadcast_rate)
            .finish()
    }
}

fn validate_token(token: &str) -> Result<(), ConfigError> {
    let well_formed = token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && !secret.is_empty()
    });
    if well_formed {
        Ok(())
    } else {
        Err(ConfigError::Invalid {
            var: "TELOXIDE_TOKEN",
            reason: "expected the form <bot id>:<secret> that @BotFather gives".to_owned(),
        })
    }
}

fn parse_admin_ids(raw: &str) -> Result<Vec<UserId>, ConfigError> {
    raw.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<u64>().map(UserId).map_err(|_| ConfigError::Invalid {
                var: "ADMIN_IDS",
                reason: format!("`{part}` is not a Telegram user id (comma-separated numbers)"),
            })
        })
        .collect()
}

fn parse_broadcast_rate(raw: &str) -> Result<u32, ConfigError> {
    match raw.parse::<u32>() {
        Ok(rate) if (1..=MAX_BROADCAST_RATE).contains(&rate) => Ok(rate),
        Ok(rate) => Err(ConfigError::Invalid {
            var: "BROADCAST_RATE",
            reason: format!(
                "{rate} is outside 1..={MAX_BROADCAST_RATE} messages per second (Telegram's limit)"
            ),
        }),
        Err(_) => Err(ConfigError::Invalid {
            var: "BROADCAST_RATE",
            reason: format!("`{raw}` is not a whole number of messages per second"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = config(&[]).unwrap();
        assert_eq!(config.database_url, "birlik.db");
        assert_eq!(config.default_locale, Lang::Kk);
        assert_eq!(config.broadcast_rate, 25);
        assert!(config.admin_ids.is_empty());
        assert!(matches!(config.require_token(), Err(ConfigError::MissingToken)));
    }

    #[test]
    fn missing_token_guidance_names_botfather_and_env_file() {
        let message = ConfigError::MissingToken.to_string();
        assert!(message.contains("@BotFather"));
        assert!(message.contains(".env"));
        assert!(message.contains("TELOXIDE_TOKEN"));
    }

    #[test]
    fn reads_every_variable() {
        let config = config(&[
            ("TELOXIDE_TOKEN", "123:abc"),
            ("TELOXIDE_API_URL", "http://127.0.0.1:8081"),
            ("DATABASE_URL", "sqlite:///tmp/x.db"),
            ("ADMIN_IDS", "1, 22,333"),
            ("DEFAULT_LOCALE", "ru"),
            ("BROADCAST_RATE", "30"),
        ])
        .unwrap();
        assert_eq!(config.require_token().unwrap(), "123:abc");
        assert_eq!(config.api_url.unwrap().as_str(), "http://127.0.0.1:8081/");
        assert_eq!(config.admin_ids, vec![UserId(1), UserId(22), UserId(333)]);
        assert_eq!(config.default_locale, Lang::Ru);
        assert_eq!(config.broadcast_rate, 30);
    }

    #[test]
    fn malformed_values_name_their_variable() {
        for (var, value) in [
            ("TELOXIDE_TOKEN", "no-colon"),
            ("TELOXIDE_API_URL", "not a url"),
            ("ADMIN_IDS", "12,abc"),
            ("DEFAULT_LOCALE", "de"),
            ("BROADCAST_RATE", "31"),
            ("BROADCAST_RATE", "0"),
            ("BROADCAST_RATE", "fast"),
        ] {
            let err = config(&[(var, value)]).unwrap_err();
            assert!(err.to_string().starts_with(var), "{var}={value}: {err}");
        }
    }

    #[test]
    fn debug_output_hides_the_token() {
        let config = config(&[("TELOXIDE_TOKEN", "123:supersecret")]).unwrap();
        assert!(!format!("{config:?}").contains("supersecret"));
    }
}
