//! Staff roles and who may do what: every permission check of the bot is [`allows`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "TEXT", rename_all = "lowercase")]
pub enum Role {
    Organiser,
    Coordinator,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    /// Whether the role is tied to one region (all but admin).
    pub fn is_regional(self) -> bool {
        self != Role::Admin
    }
}

impl FromStr for Role {
    type Err = ();

    /// Accepts the role's name in English (both spellings of organiser), Russian or Kazakh.
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_lowercase().as_str() {
            "organiser" | "organizer" | "организатор" | "ұйымдастырушы" => {
                Ok(Role::Organiser)
            }
            "coordinator" | "координатор" | "үйлестіруші" => Ok(Role::Coordinator),
            "admin" | "админ" | "администратор" | "әкімші" => Ok(Role::Admin),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A person's role as stored: admins have no region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StaffRole {
    pub role: Role,
    pub region_iso: Option<String>,
}

impl StaffRole {
    pub fn admin() -> Self {
        Self {
            role: Role::Admin,
            region_iso: None,
        }
    }

    pub fn regional(role: Role, region_iso: &str) -> Self {
        Self {
            role,
            region_iso: Some(region_iso.to_owned()),
        }
    }

    fn is_in(&self, region_iso: &str) -> bool {
        self.region_iso.as_deref() == Some(region_iso)
    }
}

/// Something a person asks the bot to do that not everyone may.
#[derive(Clone, Copy, Debug)]
pub enum Action<'a> {
    /// Give `role` (in `region`, for regional roles) to somebody, directly or by invite.
    Grant { role: Role, region: Option<&'a str> },
    /// Take away somebody's current role.
    Revoke { role: Role, region: Option<&'a str> },
    /// Add, rename or archive the youth wings of a region.
    ManageWings { region: &'a str },
    /// Read the audit log.
    ViewAudit,
    /// Send a broadcast to one region (or a wing in it), or to more (`None`: national).
    Broadcast { region: Option<&'a str> },
    /// Link a group chat to a region for its announcements.
    LinkGroup { region: &'a str },
    /// Create, edit and cancel events of a region (`None`: republic-wide), see and export their
    /// volunteers, mark attendance.
    ManageEvents { region: Option<&'a str> },
    /// See the figures of a region (`None`: the country).
    ViewStats { region: Option<&'a str> },
    /// Export the members, events and participation of a region (`None`: the country).
    Export { region: Option<&'a str> },
    /// Check (and, later, import) a file of people for a region.
    ImportPeople { region: &'a str },
    /// See the people imported for a region who have not joined yet, and its activation rates.
    ViewPending { region: &'a str },
    /// Delete an imported person's details before they joined.
    RemovePending { region: &'a str },
}

/// Whether `actor` (their stored role, or none) may do `action`.
///
/// Admins may do everything, everywhere. Coordinators manage their own region: its wings, its
/// organisers, and the people it imported who have not joined yet. Organisers manage the events of their region. Members may do none of these.
pub fn allows(actor: Option<&StaffRole>, action: Action<'_>) -> bool {
    let Some(actor) = actor else { return false };
    if actor.role == Role::Admin {
        return true;
    }
    match action {
        Action::Grant {
            role: Role::Organiser,
            region: Some(region),
        }
        | Action::Revoke {
            role: Role::Organiser,
            region: Some(region),
        }
        | Action::ManageWings { region }
        | Action::Broadcast { region: Some(region) }
        | Action::LinkGroup { region }
        | Action::ImportPeople { region }
        | Action::ViewPending { region }
        | Action::RemovePending { region }
        | Action::Export { region: Some(region) } => actor.role == Role::Coordinator && actor.is_in(region),
        Action::ManageEvents { region: Some(region) } | Action::ViewStats { region: Some(region) } => {
            actor.is_in(region)
        }
        Action::ManageEvents { region: None }
        | Action::ViewStats { region: None }
        | Action::Export { region: None }
        | Action::Grant { .. }
        | Action::Revoke { .. }
        | Action::ViewAudit
        | Action::Broadcast { region: None } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors() -> [(Option<StaffRole>, &'static str); 5] {
        [
            (None, "member"),
            (Some(StaffRole::regional(Role::Organiser, "KZ-75")), "organiser"),
            (
                Some(StaffRole::regional(Role::Coordinator, "KZ-75")),
                "coordinator",
            ),
            (Some(StaffRole::admin()), "admin"),
            (
                Some(StaffRole::regional(Role::Coordinator, "KZ-71")),
                "coordinator elsewhere",
            ),
        ]
    }

    #[test]
    fn permission_matrix() {
        let grant_organiser = Action::Grant {
            role: Role::Organiser,
            region: Some("KZ-75"),
        };
        let grant_coordinator = Action::Grant {
            role: Role::Coordinator,
            region: Some("KZ-75"),
        };
        let grant_admin = Action::Grant {
            role: Role::Admin,
            region: None,
        };
        let revoke_organiser = Action::Revoke {
            role: Role::Organiser,
            region: Some("KZ-75"),
        };
        let revoke_coordinator = Action::Revoke {
            role: Role::Coordinator,
            region: Some("KZ-75"),
        };
        let wings = Action::ManageWings { region: "KZ-75" };
        // Expected per actor, in the order of `actors()`.
        let table: [(Action, [bool; 5]); 18] = [
            (
                Action::Export {
                    region: Some("KZ-75"),
                },
                [false, false, true, true, false],
            ),
            (
                Action::Export { region: None },
                [false, false, false, true, false],
            ),
            (
                Action::ViewStats {
                    region: Some("KZ-75"),
                },
                [false, true, true, true, false],
            ),
            (
                Action::ViewStats { region: None },
                [false, false, false, true, false],
            ),
            (
                Action::ManageEvents {
                    region: Some("KZ-75"),
                },
                [false, true, true, true, false],
            ),
            (
                Action::ManageEvents { region: None },
                [false, false, false, true, false],
            ),
            (
                Action::Broadcast {
                    region: Some("KZ-75"),
                },
                [false, false, true, true, false],
            ),
            (
                Action::Broadcast { region: None },
                [false, false, false, true, false],
            ),
            (
                Action::LinkGroup { region: "KZ-75" },
                [false, false, true, true, false],
            ),
            (grant_organiser, [false, false, true, true, false]),
            (grant_coordinator, [false, false, false, true, false]),
            (grant_admin, [false, false, false, true, false]),
            (revoke_organiser, [false, false, true, true, false]),
            (revoke_coordinator, [false, false, false, true, false]),
            (wings, [false, false, true, true, false]),
            (Action::ViewAudit, [false, false, false, true, false]),
            // Imported people have not consented yet: only the headquarters that imported them.
            (
                Action::ViewPending { region: "KZ-75" },
                [false, false, true, true, false],
            ),
            (
                Action::RemovePending { region: "KZ-75" },
                [false, false, true, true, false],
            ),
        ];
        for (action, expected) in table {
            for ((actor, name), allowed) in actors().iter().zip(expected) {
                assert_eq!(allows(actor.as_ref(), action), allowed, "{name} {action:?}");
            }
        }
    }

    #[test]
    fn role_names_in_three_languages() {
        assert_eq!("Organizer".parse(), Ok(Role::Organiser));
        assert_eq!("координатор".parse(), Ok(Role::Coordinator));
        assert_eq!("ұйымдастырушы".parse(), Ok(Role::Organiser));
        assert_eq!("boss".parse::<Role>(), Err(()));
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_reads_only_role_names(input in hostile::text()) {
            if let Ok(role) = input.parse::<Role>() {
                let name = input.trim().to_lowercase();
                prop_assert!(!name.is_empty());
                prop_assert!(name.chars().all(char::is_alphabetic), "{:?} read as {:?}", input, role);
            }
        }

        #[test]
        fn codes_round_trip_in_any_case_and_padding(
            role in proptest::sample::select(vec![Role::Organiser, Role::Coordinator, Role::Admin]),
            upper in any::<bool>(),
            pad in "[ \t]{0,2}",
        ) {
            let code = if upper { role.code().to_uppercase() } else { role.code().to_owned() };
            prop_assert_eq!(format!("{pad}{code}{pad}").parse::<Role>(), Ok(role));
            prop_assert_eq!(role.to_string().parse::<Role>(), Ok(role));
        }
    }
}
