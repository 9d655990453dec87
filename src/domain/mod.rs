//! Validated values and the movement's rules, with no I/O.

pub mod audience;
pub mod birth_year;
pub mod command_args;
pub mod consent;
pub mod event;
pub mod event_time;
pub mod full_name;
#[cfg(test)]
pub(crate) mod hostile;
pub mod link_code;
pub mod period;
pub mod phone;
pub mod rating;
pub mod role;
pub mod status;
pub mod text;
pub mod time;
pub mod wing_name;

pub use birth_year::{BirthYear, BirthYearError};
pub use full_name::{FullName, FullNameError};
pub use phone::Phone;
