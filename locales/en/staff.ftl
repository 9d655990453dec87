## Roles

role-organiser = organiser
role-coordinator = coordinator
role-admin = admin of the republican headquarters
role-in-region = { $role }, { $region }

person-unknown = I can't find that person. Name them by @username (they must have registered) or by their Telegram id, or reply to their message.
person-missing = Whom? Add @username or a Telegram id, or send the command as a reply to the person's message.
grant-usage =
    How to give a role:
    /grant organiser @username
    /grant coordinator @username KZ-75
    or reply to the person's message with /grant organiser
grant-need-region = Which region? Add it at the end, for example: /grant organiser @username KZ-75
grant-self = You cannot change your own role.
grant-done = Done: { $person } is now { $role }.
revoke-none = This person has no role to take away.
revoke-done = Done: { $person } is no longer { $role }.
role-you-got = You have been given a role in the movement: { $role }. Send /help to see what you can do now.
role-you-lost = Your staff role in the movement has ended. You remain a member. Thank you for your work!

invite-usage =
    How to make an invite link:
    /invite organiser
    /invite coordinator KZ-75
invite-need-region = Which region? For example: /invite organiser KZ-75
invite-created =
    Invite link for the role { $role }:
    { $link }

    It works once, until { $until }. Send it only to the person it is meant for.
invite-accepted = Welcome to the team! Your role: { $role }. Send /help to see what you can do.
invite-accepted-register = Welcome to the team! Your role: { $role }. Send /start to register as a member too.
invite-unknown = This invite link is not valid. Ask for a new one.
invite-used = This invite link has already been used. Ask for a new one.
invite-expired = This invite link has expired. Ask for a new one.
invite-void = This invite link is no longer valid: whoever made it can no longer give this role. Ask for a new one.
invite-keeps-role = You already have a role in the movement: { $role }. This invite cannot replace it, so nothing has changed.

## Youth wings

wings-pick-region = Which region's youth wings?
wings-title = Youth wings: { $region }
wings-none = There are no youth wings yet. Add the first one with the button below.
wings-line = • { $name } — { $count ->
    [one] { $count } member
   *[other] { $count } members
}
wings-archive = Archive
wings-keep = Keep it
wings-add = ➕ Add a wing
wings-ask-name = Write the name of the new youth wing.
wings-ask-new-name = Write the new name for “{ $name }”.
wings-archive-question = Archive “{ $name }”? It will no longer be offered to members; those in it keep it in their history.
wings-name-invalid = A wing's name needs at least two letters. Write it again.
wings-name-too-long = That name is too long: at most 100 characters. Write it again.
wings-name-control = A wing's name cannot contain invisible control characters. Write it again.
wings-name-taken = This region already has a wing with that name. Write another one.

## Audit log

audit-title = Audit log, newest first:
audit-empty = Nothing has been recorded yet.
audit-system = system
audit-line = { $when } · { $action } · by { $actor } → { $target } · { $region } · { $details }
audit-action-role-granted = role given
audit-action-role-revoked = role taken away
audit-action-invite-created = invite created
audit-action-invite-refused = invite refused
audit-action-invites-voided = invites voided
audit-action-wing-added = wing added
audit-action-wing-renamed = wing renamed
audit-action-wing-archived = wing archived
audit-action-data-exported = personal data exported
audit-action-member-erased = member's data erased
audit-action-other = other
