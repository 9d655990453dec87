//! Test support shared by every end-to-end test: a fake Telegram Bot API and the bot under test.
#![allow(dead_code)]

pub mod app;
pub mod fake_api;

pub use app::TestApp;
pub use fake_api::TgUser;
