//! Consent to the processing of personal data.

/// Version of the consent text (`reg-consent-text` in `locales/`). Change it whenever the text
/// changes in substance: every member's consent is stored with the version they agreed to.
pub const CONSENT_VERSION: &str = "2026-11-27";
