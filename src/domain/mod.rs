//! Validated values and the movement's rules, with no I/O.

pub mod birth_year;
pub mod consent;
pub mod full_name;
pub mod phone;
pub mod time;

pub use birth_year::{BirthYear, BirthYearError};
pub use full_name::{FullName, FullNameError};
pub use phone::Phone;
