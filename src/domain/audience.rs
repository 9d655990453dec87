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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hostile;
    use proptest::prelude::*;

    fn audience() -> impl Strategy<Value = Audience> {
        prop_oneof![
            Just(Audience::All),
            proptest::collection::vec(hostile::text(), 0..4)
                .prop_map(|regions| Audience::Regions { regions }),
            any::<i64>().prop_map(|wing_id| Audience::Wing { wing_id }),
        ]
    }

    proptest! {
        #[test]
        fn stored_audiences_round_trip_and_garbage_is_refused(
            audience in audience(),
            garbage in hostile::text(),
        ) {
            let json = serde_json::to_string(&audience).unwrap();
            prop_assert_eq!(serde_json::from_str::<Audience>(&json).unwrap(), audience.clone());
            if let Audience::Regions { regions } = &audience {
                let (kind, filter, _) = audience.filter();
                prop_assert_eq!(kind, "regions");
                prop_assert_eq!(&serde_json::from_str::<Vec<String>>(&filter).unwrap(), regions);
            }
            let _ = serde_json::from_str::<Audience>(&garbage);
        }
    }
}
