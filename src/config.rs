//! Configuration from the environment (and `.env`, loaded by the binary before this runs).

use std::fmt;
use std::net::SocketAddr;

use teloxide::types::UserId;
use url::Url;

use crate::i18n::Lang;

/// Where the bot keeps its data when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "birlik.db";
/// Messages per second the delivery queue sends when `BROADCAST_RATE` is not set.
pub const DEFAULT_BROADCAST_RATE: u32 = 25;
/// Telegram's global limit for bulk messages; the configured rate never goes above it.
pub const MAX_BROADCAST_RATE: u32 = 30;
/// Days an imported person's details wait for them to join when `PENDING_DAYS` is not set.
pub const DEFAULT_PENDING_DAYS: u32 = 90;
/// Where the webhook server listens when `WEBHOOK_URL` is set and `WEBHOOK_LISTEN` is not:
/// loopback, for the TLS proxy running beside the bot; the port is opened wider only on purpose.
pub const DEFAULT_WEBHOOK_LISTEN: &str = "127.0.0.1:8443";

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
    /// Updates by webhook instead of long polling.
    pub webhook: Option<Webhook>,
    /// Where `/healthz` and `/metrics` are served; not served when unset.
    pub health_listen: Option<SocketAddr>,
    /// Days an imported person's details are kept for them to join; then they are deleted.
    pub pending_days: u32,
}

/// Telegram posts updates to `url`; the bot listens on `listen` (behind a TLS proxy).
#[derive(Clone)]
pub struct Webhook {
    pub url: Url,
    pub listen: SocketAddr,
    /// What Telegram sends in `X-Telegram-Bot-Api-Secret-Token`; a random one each start
    /// when unset.
    pub secret: Option<String>,
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

        let webhook = match get("WEBHOOK_URL") {
            None => None,
            Some(raw) => Some(Webhook {
                url: parse_webhook_url(&raw)?,
                listen: parse_address(
                    "WEBHOOK_LISTEN",
                    &get("WEBHOOK_LISTEN").unwrap_or_else(|| DEFAULT_WEBHOOK_LISTEN.to_owned()),
                )?,
                secret: get("WEBHOOK_SECRET")
                    .map(|raw| validate_secret(&raw))
                    .transpose()?,
            }),
        };
        let health_listen = get("HEALTH_LISTEN")
            .map(|raw| parse_address("HEALTH_LISTEN", &raw))
            .transpose()?;
        let pending_days = match get("PENDING_DAYS") {
            None => DEFAULT_PENDING_DAYS,
            Some(raw) => parse_pending_days(&raw)?,
        };

        Ok(Self {
            token,
            api_url,
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            admin_ids,
            default_locale,
            broadcast_rate,
            webhook,
            health_listen,
            pending_days,
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
            .field("webhook_url", &self.webhook.as_ref().map(|w| w.url.as_str()))
            .field("webhook_listen", &self.webhook.as_ref().map(|w| w.listen))
            .field(
                "webhook_secret",
                &self
                    .webhook
                    .as_ref()
                    .and_then(|w| w.secret.as_ref())
                    .map(|_| "<redacted>"),
            )
            .field("health_listen", &self.health_listen)
            .field("pending_days", &self.pending_days)
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

fn parse_webhook_url(raw: &str) -> Result<Url, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        var: "WEBHOOK_URL",
        reason,
    };
    let url =
        Url::parse(raw).map_err(|e| invalid(format!("{e} (expected https://bot.example.kz/telegram)")))?;
    // Telegram posts to HTTPS only; plain HTTP is allowed for a local Bot API server.
    if !matches!(url.scheme(), "https" | "http") {
        return Err(invalid(format!("`{}` is not http or https", url.scheme())));
    }
    Ok(url)
}

fn parse_address(var: &'static str, raw: &str) -> Result<SocketAddr, ConfigError> {
    raw.parse().map_err(|_| ConfigError::Invalid {
        var,
        reason: format!("`{raw}` is not an address and port such as 127.0.0.1:9090"),
    })
}

/// Telegram's rule for the secret token: 1 to 256 of `A-Z a-z 0-9 _ -`.
fn validate_secret(raw: &str) -> Result<String, ConfigError> {
    let valid = (1..=256).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(ConfigError::Invalid {
            var: "WEBHOOK_SECRET",
            reason: "use 1 to 256 characters of A-Z, a-z, 0-9, _ and -".to_owned(),
        })
    }
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

fn parse_pending_days(raw: &str) -> Result<u32, ConfigError> {
    match raw.parse::<u32>() {
        Ok(days) if (1..=3650).contains(&days) => Ok(days),
        _ => Err(ConfigError::Invalid {
            var: "PENDING_DAYS",
            reason: format!("`{raw}` is not a whole number of days from 1 to 3650"),
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
        assert!(config.webhook.is_none() && config.health_listen.is_none());
        assert!(matches!(config.require_token(), Err(ConfigError::MissingToken)));
    }

    #[test]
    fn the_webhook_listens_on_loopback_unless_told_otherwise() {
        let config = config(&[("WEBHOOK_URL", "https://bot.example.kz/telegram")]).unwrap();
        let listen = config.webhook.unwrap().listen;
        assert!(listen.ip().is_loopback(), "{listen}");
        assert_eq!(listen.port(), 8443);
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
            ("WEBHOOK_URL", "https://bot.example.kz/telegram"),
            ("WEBHOOK_LISTEN", "127.0.0.1:8080"),
            ("WEBHOOK_SECRET", "s3cret_-"),
            ("HEALTH_LISTEN", "127.0.0.1:9090"),
        ])
        .unwrap();
        let webhook = config.webhook.as_ref().unwrap();
        assert_eq!(webhook.url.path(), "/telegram");
        assert_eq!(webhook.listen.port(), 8080);
        assert_eq!(webhook.secret.as_deref(), Some("s3cret_-"));
        assert_eq!(config.health_listen.unwrap().port(), 9090);
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
            ("WEBHOOK_URL", "ftp://bot.example.kz"),
            ("WEBHOOK_LISTEN", "8443"),
            ("WEBHOOK_SECRET", "has spaces"),
            ("HEALTH_LISTEN", "localhost"),
        ] {
            let mut vars = vec![(var, value)];
            if var.starts_with("WEBHOOK_") && var != "WEBHOOK_URL" {
                vars.push(("WEBHOOK_URL", "https://bot.example.kz/telegram"));
            }
            let err = config(&vars).unwrap_err();
            assert!(err.to_string().starts_with(var), "{var}={value}: {err}");
        }
    }

    #[test]
    fn debug_output_hides_the_token() {
        let config = config(&[
            ("TELOXIDE_TOKEN", "123:supersecret"),
            ("WEBHOOK_URL", "https://bot.example.kz/telegram"),
            ("WEBHOOK_SECRET", "webhooksecret"),
        ])
        .unwrap();
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("supersecret") && !shown.contains("webhooksecret"),
            "{shown}"
        );
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    const VARIABLES: [&str; 10] = [
        "TELOXIDE_TOKEN",
        "TELOXIDE_API_URL",
        "DATABASE_URL",
        "ADMIN_IDS",
        "DEFAULT_LOCALE",
        "BROADCAST_RATE",
        "WEBHOOK_URL",
        "WEBHOOK_LISTEN",
        "WEBHOOK_SECRET",
        "HEALTH_LISTEN",
    ];

    proptest! {
        #[test]
        fn any_environment_is_read_or_refused_by_name(
            values in proptest::collection::vec(proptest::option::of(hostile::text()), VARIABLES.len()),
        ) {
            let vars: HashMap<String, String> = VARIABLES
                .iter()
                .zip(&values)
                .filter_map(|(name, value)| Some((name.to_string(), value.clone()?)))
                .collect();
            match Config::from_lookup(|name| vars.get(name).cloned()) {
                Ok(config) => {
                    prop_assert!((1..=MAX_BROADCAST_RATE).contains(&config.broadcast_rate));
                    if let Some(secret) = config.webhook.and_then(|w| w.secret) {
                        prop_assert!((1..=256).contains(&secret.len()));
                    }
                }
                Err(error) => prop_assert!(!error.to_string().is_empty()),
            }
        }

        #[test]
        fn admin_ids_round_trip(ids in proptest::collection::vec(any::<u64>(), 0..5), gap in "[ ]{0,2}") {
            let raw = ids.iter().map(u64::to_string).collect::<Vec<_>>().join(&format!(",{gap}"));
            let read = parse_admin_ids(&raw).unwrap();
            prop_assert_eq!(read, ids.into_iter().map(UserId).collect::<Vec<_>>());
        }
    }
}
