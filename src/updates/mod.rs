//! Updates taken reliably: kept in SQLite before they are acknowledged (inbox), admitted a few
//! at a time with a flood set aside (intake), handled once per update id (handled, pipeline).

pub mod handled;
pub mod inbox;
pub mod intake;
pub mod pipeline;
