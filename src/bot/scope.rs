//! What a staff member's stored role lets them reach. The schema's filters hand these to the
//! staff handlers, as they hand a member their row; a caller without one is refused there.

use crate::domain::role::{Action, Role, StaffRole, allows};

use super::Caller;

/// Somebody who may grant, invite and revoke organisers: a coordinator in their own region, an
/// admin anywhere. (Granting and revoking an organiser are allowed to the same people.)
#[derive(Clone, Debug)]
pub struct RoleKeeper(pub StaffRole);

impl RoleKeeper {
    pub fn of(caller: &Caller) -> Option<Self> {
        let staff = caller.staff.as_ref()?;
        let organisers = Action::Grant {
            role: Role::Organiser,
            region: staff.region_iso.as_deref(),
        };
        allows(Some(staff), organisers).then(|| Self(staff.clone()))
    }

    /// The keeper's region; `None` for an admin.
    pub fn region(&self) -> Option<&str> {
        self.0.region_iso.as_deref()
    }
}

/// Whose figures a staff member sees: their region's, or the whole country's (`region` is
/// `None`) for admins.
#[derive(Clone, Debug)]
pub struct StatsScope {
    pub region: Option<String>,
}

impl StatsScope {
    pub fn of(caller: &Caller) -> Option<Self> {
        let staff = caller.staff.as_ref()?;
        let region = (staff.role != Role::Admin)
            .then(|| staff.region_iso.clone())
            .flatten();
        allows(
            Some(staff),
            Action::ViewStats {
                region: region.as_deref(),
            },
        )
        .then_some(Self { region })
    }

    /// The scope, if the caller may also take its data away as CSV files.
    pub fn to_export(caller: &Caller) -> Option<Self> {
        Self::of(caller).filter(|scope| {
            allows(
                caller.staff.as_ref(),
                Action::Export {
                    region: scope.region.as_deref(),
                },
            )
        })
    }
}
