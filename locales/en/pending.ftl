## /pending: people a headquarters imported who have not joined yet, and how many have.

cmd-pending = Imported people not yet joined, activation by wing
pending-name-region = Name the region after the command, for example /pending KZ-75.
pending-title = ⏳ Imported people: { $region }
pending-none = Nobody has been imported for this region yet.
pending-pick-wing = Press a wing to see its people who have not joined yet.
pending-wing-button = { $wing } · { $pending }
# Also in /stats: a wing or a region, not joined · joined · rate.
pending-activation-line = • { $name }: { $pending } · { $activated } · { $rate }
pending-wing-title = ⏳ { $wing }, { $region } — not joined yet: { $count }
pending-wing-empty = Nobody of this wing is waiting to join.
pending-person-line = { $n }. { $name } ({ $birth_year }) · imported { $date }
pending-remove-button = 🗑 { $name }
pending-remove-question = Delete the details of { $name } ({ $birth_year }, { $wing })? Their personal link will stop working. This cannot be undone.
pending-remove-yes = 🗑 Delete
pending-remove-keep = Keep
pending-removed = Deleted: { $name }.
pending-gone = This person's details are no longer here: they were deleted already, or the person has joined.
