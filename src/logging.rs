//! Log output: readable lines by default, one JSON object a line with `LOG_FORMAT=json`;
//! `RUST_LOG` filters (default `info`).

use tracing_subscriber::EnvFilter;

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

/// Sets up logging for the process, to standard error.
pub fn init() {
    let raw = std::env::var("LOG_FORMAT").ok();
    let format = LogFormat::parse(raw.as_deref());
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format.unwrap_or(LogFormat::Text) {
        LogFormat::Text => builder.init(),
        // Fields at the top level, so `jq 'select(.kind == "message")'` just works.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).init(),
    }
    if format.is_none() {
        tracing::warn!(
            value = raw.unwrap_or_default(),
            "LOG_FORMAT is neither text nor json; writing text"
        );
    }
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
    }
}
