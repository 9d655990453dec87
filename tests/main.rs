//! The end-to-end tests, one binary: each module drives the real bot (or the compiled binary)
//! against the fake Telegram Bot API in `support`, with a fresh SQLite file per test.

mod support;

mod abuse;
mod activation;
mod authorization;
mod binary;
mod broadcast;
mod certificate;
mod digest;
mod event_message;
mod events;
mod faults;
mod hostile_input;
mod import;
mod locales;
mod operations;
mod pending;
mod privacy;
mod profile;
mod ratings;
mod registration;
mod roles;
mod rush;
mod stats;
mod stop;
mod trust;
mod wings;
