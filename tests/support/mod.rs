//! Test support shared by every end-to-end test: a fake Telegram Bot API, the bot under test,
//! the people tests act as, and the compiled binary.
#![allow(dead_code)]

pub mod app;
pub mod binary;
pub mod fake_api;
pub mod pending;
pub mod people;
pub mod people_file;

pub use app::TestApp;
pub use fake_api::TgUser;
