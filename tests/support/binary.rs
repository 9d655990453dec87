//! The compiled `birlik` binary, for tests of what only the process does (signals, kill -9).

use std::process::Stdio;

use super::TestApp;

/// Starts the binary against the test's fake API and database.
pub fn spawn_binary(app: &TestApp, extra: &[(&str, &str)]) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_birlik"))
        .envs(app.env())
        .envs(extra.iter().copied())
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start birlik")
}
