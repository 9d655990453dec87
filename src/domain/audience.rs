//! Who a broadcast reaches.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Audience {
    /// Every active member, and every linked group.
    All,
    /// The active members of these regions, and their linked groups.
    Regions { regions: Vec<String> },
    /// The active members of one youth wing.
    Wing { wing_id: i64 },
}

impl Audience {
    /// The SQL filter's parameters: kind, regions as a JSON array, wing id.
    pub fn filter(&self) -> (&'static str, String, i64) {
        match self {
            Audience::All => ("all", "[]".to_owned(), 0),
            Audience::Regions { regions } => {
                ("regions", serde_json::to_string(regions).unwrap_or_default(), 0)
            }
            Audience::Wing { wing_id } => ("wing", "[]".to_owned(), *wing_id),
        }
    }
}
