## Shared words and messages

language-name = English
age-years = { $count ->
    [one] { $count } year
   *[other] { $count } years
}

error-internal = Sorry, something went wrong on our side. Please try again in a minute.
flood-slow-down = You are sending messages faster than I can answer, so I skipped some of them. Please wait for my answer before sending the next one.
button-stale = This button is no longer active. Please use the latest message.
use-buttons = Please choose one of the buttons below.
unknown-command = I don't know this command. Send /help to see what I can do.
not-registered = You are not registered yet. Send /start to join the movement.
idle-member = I didn't quite get that. Use the menu buttons below, or send /help to see what I can do.
welcome-back = Welcome back, { $name }! Send /profile to see your details or /help for everything I can do.
cancelled = Cancelled. Nothing was changed.
nothing-to-cancel = There is nothing to cancel.
group-private-only = Let's talk in private: personal details stay out of group chats. Open { $link } and send /start.

help-guest =
    Birlik is the bot of the youth movement of the Assembly of People of Kazakhstan.

    /start — register as a member
    /language — choose the language
    /verify CODE — check a certificate of volunteer hours
    /help — this help
help-member =
    What I can do:

    /events — upcoming events, and volunteering
    /my — your sign-ups and volunteer hours
    /checkin CODE — check in at an event (or scan its QR code)
    /certificate — a PDF certificate of your volunteer hours
    /verify CODE — check a certificate
    /profile — your details, and changing them
    /language — choose the language
    /mydata — everything stored about you
    /forget — delete your data
    /cancel — stop what you are doing
    /help — this help

## Command menu

cmd-start = Register or start again
cmd-profile = My profile
cmd-language = Language
cmd-help = Help
cmd-cancel = Cancel the current step

## Youth wings and phone numbers

wing-none = No wing
wing-pick-none = Not in a wing
phone-none = not given
phone-share = 📱 Share my phone number
phone-skip = Skip
phone-remove = Remove my number
phone-received = Thank you, your number is saved.
phone-skipped = No problem, we'll go on without a phone number.
phone-not-yours = That is somebody else's contact. Please share your own number with the button below.
phone-use-button = Please use the button below to share your number, or skip this step.

## Language

language-ask = Choose your language:
language-changed = Done: I will speak English with you from now on.

## Roles and permissions

not-allowed = Sorry, this is not available to you.
region-unknown = I don't know that region. Write its code (for example KZ-75) or its name as in the list of regions.
help-organiser =
    Events:

    /newevent — create an event and announce it
    /editevent — change an event (everyone signed up is told of a new time or place)
    /cancelevent — cancel an event
    /volunteers — who signed up, with a CSV
    /attendance — mark who came
    /message — write to an event's volunteers, its waiting list or those who came
    /stats — participation figures (/stats event 12, /stats wing)
help-coordinator =
    Regional headquarters:

    /broadcast — a message to the region or one of its wings
    /broadcasts — the latest broadcasts, their figures, cancelling one
    /linkgroup — (in the HQ group) link the group to your region
    /grant organiser @username — make someone an organiser (or reply to their message with /grant organiser)
    /revoke @username — take a role away
    /invite organiser — a single-use invite link, valid for 7 days
    /pending — imported people who have not joined yet, activation by wing
    /wings — the youth wings of your region
    /import — check a file of people (.xlsx, .csv) before importing it
help-admin =
    /grant coordinator @username KZ-75 — any role, in any region
    /invite coordinator KZ-75 — an invite link for a coordinator
    /audit — the latest entries of the audit log

cmd-mydata = My data
cmd-forget = Delete my data
cmd-grant = Give a role
cmd-revoke = Take a role away
cmd-invite = Invite link for a role
cmd-wings = Youth wings
cmd-audit = Audit log

cmd-broadcast = New broadcast
cmd-broadcasts = Recent broadcasts
cmd-linkgroup = Link a group to the region
audit-action-group-linked = group linked

## Dates: the bot fills in the day and the time in each language's own form

day-today = today
day-tomorrow = tomorrow
day-yesterday = yesterday
when-day-time = { $day }, { $time }
when-same-day = { $day }, { $start }–{ $end }
when-across-days = { $start } – { $end }

## The main menu (a keyboard under the text field)

menu-events = 📅 Events
menu-my = 🗓 My sign-ups
menu-checkin = ✅ Check in
menu-profile = 👤 Profile
menu-help = ❓ Help
menu-newevent = ➕ New event
menu-volunteers = 👥 Volunteers
menu-stats = 📊 Stats
menu-broadcast = 📣 Broadcast
