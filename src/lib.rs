//! Birlik: the Telegram bot of the youth movement of the Assembly of People of Kazakhstan.
//!
//! The binary only reads configuration and starts what [`app`] builds, so the tests run the
//! same bot it runs.

pub mod app;
pub mod backup;
pub mod bot;
pub mod certificate;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod exports;
pub mod i18n;
pub mod import;
pub mod logging;
pub mod monitoring;
pub mod telegram;
pub mod updates;
pub mod webhook;
