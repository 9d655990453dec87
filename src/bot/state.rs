//! Dialogue state: where each chat is in a multi-step conversation.

use serde::{Deserialize, Serialize};

use super::callback::EventField;
use crate::db::pending::Pending;
use crate::domain::audience::Audience;
use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,

    // Registration, in the order its questions are asked.
    RegLanguage,
    /// The language step of a registration through a personal link: the draft already holds
    /// the details the headquarters' list has.
    RegActivationLanguage {
        draft: Draft,
    },
    RegConsent {
        draft: Draft,
    },
    RegName {
        draft: Draft,
    },
    RegBirthYear {
        draft: Draft,
    },
    RegGuardian {
        draft: Draft,
    },
    RegRegion {
        draft: Draft,
    },
    RegWing {
        draft: Draft,
    },
    RegPhone {
        draft: Draft,
    },
    RegConfirm {
        draft: Draft,
    },

    // Profile edits by a registered member.
    EditName,
    EditBirthYear,
    EditGuardian {
        birth_year: i32,
    },
    EditRegion,
    /// The wing step of a region or wing change; the region is applied together with the wing.
    EditWing {
        region_iso: String,
    },
    EditPhone,

    // Youth wing management by a coordinator or admin.
    WingAddName {
        region_iso: String,
    },
    /// `/import` waits for the file of people for this region.
    ImportFile {
        region_iso: String,
    },
    WingNewName {
        wing_id: i64,
    },

    // `/broadcast` by a coordinator or admin.
    BroadcastRegions {
        selected: Vec<String>,
    },
    BroadcastWingRegion,
    BroadcastCompose {
        draft: BroadcastDraft,
    },

    // `/newevent`: an admin picks the region first; then each field is typed in turn.
    NewEventRegion,
    NewEvent {
        draft: EventDraft,
    },
    /// `/editevent`: the new value of one field of a published event.
    EditEvent {
        event_id: i64,
        field: EventField,
    },
    /// After rating an event: an optional comment on it, typed, or skipped with a button.
    RateComment {
        event_id: i64,
    },
}

/// An event being put together by `/newevent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventDraft {
    /// `None`: republic-wide.
    pub region_iso: Option<String>,
    /// The field asked for now; `None` at the preview.
    pub step: Option<EventField>,
    /// Set once the preview was shown: a changed field returns to the preview.
    pub previewed: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub place: Option<String>,
    /// Volunteer places; `None` with `capacity_chosen` means unlimited.
    pub capacity: Option<i64>,
    pub capacity_chosen: bool,
    pub deadline_at: Option<i64>,
}

impl EventDraft {
    pub fn new(region_iso: Option<String>) -> Self {
        Self {
            region_iso,
            step: Some(EventField::Title),
            previewed: false,
            title: None,
            description: None,
            starts_at: None,
            ends_at: None,
            place: None,
            capacity: None,
            capacity_chosen: false,
            deadline_at: None,
        }
    }
}

/// A broadcast being put together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BroadcastDraft {
    pub audience: Audience,
    /// Messages in the sender's chat, in the order sent; the language is asked after each.
    pub versions: Vec<(Option<Lang>, i32)>,
    pub with_ack: bool,
}

impl State {
    /// The language chosen in an unfinished registration.
    pub fn draft_lang(&self) -> Option<Lang> {
        self.draft().map(|draft| draft.lang)
    }

    pub fn draft(&self) -> Option<&Draft> {
        match self {
            State::RegActivationLanguage { draft }
            | State::RegConsent { draft }
            | State::RegName { draft }
            | State::RegBirthYear { draft }
            | State::RegGuardian { draft }
            | State::RegRegion { draft }
            | State::RegWing { draft }
            | State::RegPhone { draft }
            | State::RegConfirm { draft } => Some(draft),
            _ => None,
        }
    }

    pub fn is_registration(&self) -> bool {
        matches!(self, State::RegLanguage) || self.draft().is_some()
    }
}

/// A registration being filled in, step by step.
///
/// Through a personal link the draft starts with the details of the pending person (name,
/// birth year, region, wing), which each step offers to keep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The pending person whose link this registration came through; drafts stored before
    /// links existed have none.
    #[serde(default)]
    pub pending_id: Option<i64>,
    pub lang: Lang,
    pub consent_at: Option<i64>,
    pub full_name: Option<String>,
    pub birth_year: Option<i32>,
    pub guardian_consent_at: Option<i64>,
    pub region_iso: Option<String>,
    pub wing_id: Option<i64>,
    pub phone: Option<String>,
}

impl Draft {
    pub fn new(lang: Lang) -> Self {
        Self {
            pending_id: None,
            lang,
            consent_at: None,
            full_name: None,
            birth_year: None,
            guardian_consent_at: None,
            region_iso: None,
            wing_id: None,
            phone: None,
        }
    }

    /// A registration through the personal link of `pending`, in `lang`: their details from
    /// the headquarters' list filled in, for the person to check. Consent, the guardian's
    /// agreement and the phone are never taken from a list.
    pub fn of_pending(pending: &Pending, lang: Lang) -> Self {
        Self {
            pending_id: Some(pending.id),
            full_name: Some(pending.full_name.clone()),
            birth_year: Some(pending.birth_year),
            region_iso: Some(pending.region_iso.clone()),
            wing_id: Some(pending.wing_id),
            ..Self::new(lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_survives_a_round_trip_through_json() {
        let mut draft = Draft::new(Lang::Ru);
        draft.full_name = Some("Әйгерім Нұрланқызы".into());
        draft.birth_year = Some(2005);
        for state in [
            State::Idle,
            State::RegLanguage,
            State::RegPhone { draft: draft.clone() },
            State::EditWing {
                region_iso: "KZ-71".into(),
            },
        ] {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(serde_json::from_str::<State>(&json).unwrap(), state);
        }
    }

    #[test]
    fn a_draft_stored_before_personal_links_still_loads() {
        let json = r#"{"state":"reg_name","draft":{"lang":"kk","consent_at":1,"full_name":null,
            "birth_year":null,"guardian_consent_at":null,"region_iso":null,"wing_id":null,"phone":null}}"#;
        let State::RegName { draft } = serde_json::from_str::<State>(json).unwrap() else {
            panic!("not the name step");
        };
        assert_eq!(draft.pending_id, None);
        assert_eq!(draft.consent_at, Some(1));
    }
}
