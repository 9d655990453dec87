//! Log output: readable lines by default, one JSON object a line with `LOG_FORMAT=json`;
//! `RUST_LOG` filters (default `info`).

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
    match format {
        LogFormat::Text => builder.init(),
        // Fields at the top level, so `jq 'select(.kind == "message")'` just works.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).init(),
    }
    Ok(())
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
