//! Who a broadcast reaches: members by region or wing, or the people of one event.

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
    /// Active members signed up for one event: its organisers write to their volunteers.
    Event { event_id: i64, people: EventPeople },
}

/// Whom of an event's people a message reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventPeople {
    /// Those with a confirmed place.
    Confirmed,
    /// Those on the waiting list.
    Waiting,
    /// Those marked present (signed up and not cancelled).
    Present,
}

impl EventPeople {
    pub const ALL: [EventPeople; 3] = [EventPeople::Confirmed, EventPeople::Waiting, EventPeople::Present];

    /// The word the SQL filter and a button's data use.
    pub fn code(self) -> &'static str {
        match self {
            EventPeople::Confirmed => "confirmed",
            EventPeople::Waiting => "waiting",
            EventPeople::Present => "present",
        }
    }
}

impl Audience {
    /// The SQL filter's parameters: kind, regions as a JSON array, and the id of the wing or
    /// the event.
    pub fn filter(&self) -> (&'static str, String, i64) {
        match self {
            Audience::All => ("all", "[]".to_owned(), 0),
            Audience::Regions { regions } => {
                ("regions", serde_json::to_string(regions).unwrap_or_default(), 0)
            }
            Audience::Wing { wing_id } => ("wing", "[]".to_owned(), *wing_id),
            Audience::Event { event_id, people } => {
                let kind = match people {
                    EventPeople::Confirmed => "event_confirmed",
                    EventPeople::Waiting => "event_waiting",
                    EventPeople::Present => "event_present",
                };
                (kind, "[]".to_owned(), *event_id)
            }
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
