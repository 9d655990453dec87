//! Log output: readable lines by default, one JSON object a line with `LOG_FORMAT=json`;
//! `RUST_LOG` filters (default `info`). No log line below debug holds a member's name, phone or
//! text: teloxide's own lines about updates it cannot read (which hold the whole update) are
//! replaced by the update's id.

use tracing_subscriber::EnvFilter;

use crate::config::ConfigError;

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT`: `json`, or `text` (the default); `None` for anything else.
    pub fn parse(raw: Option<&str>) -> Option<Self> {
        match raw.map(str::trim).unwrap_or("") {
            "" | "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// `RUST_LOG`, or `info` when it is unset or empty; a malformed filter is refused, never
/// quietly replaced (a typo would otherwise hide the logs the operator asked for).
pub fn filter(raw: Option<&str>) -> Result<EnvFilter, ConfigError> {
    match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
        None => Ok(EnvFilter::new("info")),
        Some(raw) => EnvFilter::try_new(raw).map_err(|error| ConfigError::Invalid {
            var: "RUST_LOG",
            reason: format!("{error} (expected a filter such as `info` or `birlik=debug,warn`)"),
        }),
    }
}

/// Sets up logging for the process, to standard error; a malformed `LOG_FORMAT` or `RUST_LOG`
/// stops the start, naming the variable, as any other malformed setting does.
pub fn init() -> Result<(), ConfigError> {
    let raw = std::env::var("LOG_FORMAT").ok();
    let format = LogFormat::parse(raw.as_deref()).ok_or_else(|| ConfigError::Invalid {
        var: "LOG_FORMAT",
        reason: format!("`{}` is neither text nor json", raw.unwrap_or_default().trim()),
    })?;
    let filter = filter(std::env::var("RUST_LOG").ok().as_deref())?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Text => tracing::subscriber::set_global_default(builder.finish()),
        // Fields at the top level, so `jq 'select(.kind == "message")'` just works.
        LogFormat::Json => tracing::subscriber::set_global_default(
            builder
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .finish(),
        ),
    };
    installed.expect("logging is set up once");
    // teloxide writes through `log`: its records join ours, through the same filter.
    if log::set_boxed_logger(Box::new(Summarising(tracing_log::LogTracer::new()))).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
    Ok(())
}

/// How teloxide begins the error it logs for an update it cannot read (polling and webhook
/// alike), followed by the whole update: a member's text, name, phone.
const UNREADABLE_UPDATE: &str = "Cannot parse an update";

/// Hands `log` records on to tracing, except teloxide's unreadable updates, which are logged
/// by their id alone.
struct Summarising(tracing_log::LogTracer);

impl log::Log for Summarising {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        self.0.enabled(metadata)
    }

    fn log(&self, record: &log::Record<'_>) {
        // Only errors are read: formatting every debug record of teloxide would cost for nothing.
        if record.level() == log::Level::Error && record.target().starts_with("teloxide") {
            let text = record.args().to_string();
            if text.starts_with(UNREADABLE_UPDATE) {
                match update_id_in(&text) {
                    Some(update_id) => tracing::warn!(
                        update_id,
                        "skipped an update teloxide cannot read (its content is not logged)"
                    ),
                    None => {
                        tracing::warn!("skipped an update teloxide cannot read (its content is not logged)")
                    }
                }
                return;
            }
        }
        self.0.log(record);
    }

    fn flush(&self) {
        self.0.flush();
    }
}

/// The update id in teloxide's text about an update: `"update_id": Number(7)` or
/// `"update_id":7`.
fn update_id_in(text: &str) -> Option<i64> {
    let after = &text[text.find("\"update_id\"")? + "\"update_id\"".len()..];
    let start = after.find(|c: char| c.is_ascii_digit()).filter(|&at| at <= 10)?;
    let digits: String = after[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_format_values() {
        assert_eq!(LogFormat::parse(None), Some(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some("text")), Some(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some(" json ")), Some(LogFormat::Json));
        assert_eq!(LogFormat::parse(Some("xml")), None);
    }

    #[test]
    fn rust_log_values() {
        assert!(filter(None).is_ok());
        assert!(filter(Some("  ")).is_ok());
        assert!(filter(Some("birlik=debug,warn")).is_ok());
        for malformed in ["birlik=loud", "[{"] {
            let error = filter(Some(malformed)).unwrap_err();
            assert!(error.to_string().starts_with("RUST_LOG"), "{malformed}: {error}");
        }
    }

    #[test]
    fn the_update_id_is_found_in_teloxides_text_and_nothing_else() {
        let dispatcher = r#"Cannot parse an update.
Error: Object {"message": Object {"text": String("+77015550101")}, "update_id": Number(4711)}"#;
        assert_eq!(update_id_in(dispatcher), Some(4711));
        let webhook = r#"Cannot parse an update.
Error: invalid type
Value: {"update_id":12,"message":{"text":"x"}}"#;
        assert_eq!(update_id_in(webhook), Some(12));
        assert_eq!(update_id_in(r#"{"message": {"text": "update_id 5"}}"#), None);
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_log_format_value_is_read_or_refused(raw in hostile::text()) {
            if let Some(format) = LogFormat::parse(Some(&raw)) {
                let expected = if raw.trim() == "json" { LogFormat::Json } else { LogFormat::Text };
                prop_assert_eq!(format, expected);
            }
        }

        #[test]
        fn any_rust_log_value_is_read_or_refused_by_name(raw in hostile::text()) {
            if let Err(error) = filter(Some(&raw)) {
                prop_assert!(error.to_string().starts_with("RUST_LOG is malformed"));
            }
        }
    }
}
