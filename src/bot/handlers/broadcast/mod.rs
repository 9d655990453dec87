//! `/broadcast` (`audience`: who receives it; `compose`: the message in its versions, the preview
//! and Send) and what follows a broadcast (`sent`: its progress, report, "not reached" list,
//! cancellation, `/broadcasts`, and "Seen it").
//!
//! ```text
//! coordinator: /broadcast
//! bot:         Who should receive it?            [Whole region] [Korean youth] ...
//! coordinator: [Whole region]
//! bot:         Send the message (text, photo, document or video).
//! coordinator: <a photo with a formatted caption>
//! bot:         Which language is this version in?  [Қазақша] [Русский] [English]
//! coordinator: [Русский]   ...another version, or [Preview]
//! bot:         <copies of the versions> 1,234 members and 2 groups. [Send] ["Seen it": off] [Discard]
//! coordinator: [Send]
//! bot:         Broadcast #7: 0 of 1,236 sent...  (edited as it goes, then the report)
//! ```

pub mod audience;
pub mod compose;
pub mod sent;

use crate::domain::audience::Audience;
use crate::domain::role::{Action, StaffRole, allows};

/// Whether `staff` may send to `audience`: one region needs that region, several regions or
/// everyone the whole country, a wing its region (`wing_region`, `None` when the wing is gone).
fn may_send_to(staff: Option<&StaffRole>, audience: &Audience, wing_region: Option<&str>) -> bool {
    match audience {
        Audience::All => allows(staff, Action::Broadcast { region: None }),
        Audience::Regions { regions } => match regions.as_slice() {
            [one] => allows(staff, Action::Broadcast { region: Some(one) }),
            _ => allows(staff, Action::Broadcast { region: None }),
        },
        Audience::Wing { .. } => {
            wing_region.is_some_and(|region| allows(staff, Action::Broadcast { region: Some(region) }))
        }
        // Not a matter of role alone: the event's staff (see `event_staff::message`).
        Audience::Event { .. } => false,
    }
}
