## Command menu

cmd-events = Upcoming events
cmd-my = My sign-ups and hours
cmd-checkin = Check in at an event
cmd-newevent = New event
cmd-editevent = Change an event
cmd-cancelevent = Cancel an event
cmd-volunteers = Volunteers of an event
cmd-attendance = Mark attendance

## The event card

event-card =
    { $heading }
    { $description }

    🕒 { $when } (Kazakhstan time)
    📍 { $place }
    🗺 { $region }
    👥 { $places }
    ⏳ Sign-ups close { $deadline }
event-card-heading = 📅 { $title } (№{ $id })
event-card-heading-draft = 📅 { $title }
event-card-started = 🔒 This event has started or is over: sign-ups are closed.
event-card-deadline-passed = 🔒 Sign-ups for this event are closed: the deadline has passed.
event-join-waiting = ⏳ Join the waiting list
event-join-waiting-count = ⏳ Join the waiting list ({ $waiting } waiting)
event-places-limited = Places taken: { $taken } / { $capacity }
event-places-unlimited = Volunteers: { $taken } (no limit)
event-waiting-count = Waiting list: { $waiting }
event-republic-wide = Whole republic
event-is-cancelled = ❌ This event is cancelled.
event-mine-confirmed = ✅ You are signed up.
event-mine-waiting = ⏳ You are on the waiting list, number { $position }.
event-volunteer = 🙋 Volunteer
event-unvolunteer = Cancel my sign-up
event-calendar = 📅 Add to calendar
events-none = There are no upcoming events in your region right now. I will tell you when one is announced.
event-register-first = Please register first: send /start.

## Signing up

event-signed-up = You are signed up! See you there.
event-waiting = All places are taken: you are on the waiting list, number { $position }. I will tell you if a place frees up.
event-already-signed-up = You are already signed up for this event.
event-already-waiting = You are already on the waiting list, number { $position }.
event-too-many-signups = You already have { $max ->
        [one] { $max } upcoming sign-up
       *[other] { $max } upcoming sign-ups
    }, the most one person can hold. Cancel one of them on its card in /events to volunteer here.
event-signup-cancelled = Your sign-up is cancelled.
event-not-signed-up = You are not signed up for this event.
event-closed-cancelled = This event has been cancelled.
event-closed-started = This event has already started or is over.
event-closed-deadline = Sign-ups for this event are closed.
event-promoted =
    Good news: a place has freed up and it is yours!
    📅 { $title }
    🕒 { $when }
    📍 { $place }

## Reminders

event-reminder-day-before =
    Tomorrow: { $title }
    🕒 { $when }
    📍 { $place }

    Still coming?
event-still-coming-yes = Yes, I'm coming
event-still-coming-no = No, I can't come
event-see-you = Great, see you there!
event-place-freed = Thank you for telling us: your place has gone to someone on the waiting list.
event-reminder-two-hours =
    In two hours: { $title }
    🕒 { $when }
    📍 { $place }

## Changes and cancellation, as volunteers hear them

event-changed-notice =
    The event you signed up for has changed:
    📅 { $title }
    🕒 { $when }
    📍 { $place }
event-cancelled-notice =
    Sorry: the event "{ $title }" ({ $when }) has been cancelled.

## /newevent

event-new-where = Where is the event? Choose a region, or the whole republic.
event-ask-title = What is the event called? (up to 120 characters)
event-ask-description = Describe the event: what volunteers will do, what to bring. (up to 1,500 characters)
event-ask-start =
    When does it start? Kazakhstan time, for example:
    05.12.2026 15:00 or 2026-12-05 15:00 or 5/12 15:00
event-ask-end =
    When does it end? A time (18:00), a date and time (05.12.2026 18:00), or how long it lasts (3h, 90m).
event-ask-place = Where? The address or the place people should come to.
event-ask-capacity = How many volunteers are needed? Send a number, or press "Unlimited".
event-ask-deadline = Until when can people sign up? Send a date and time, or press "At the start".
event-unlimited = Unlimited
event-deadline-at-start = At the start
event-preview = This is how members will see the event:
event-publish = ✅ Publish
event-edit = ✏️ Edit
event-discard = 🗑 Discard
event-discarded = The event is discarded; nothing was published.
event-edit-which = What would you like to change?
event-field-title = Title
event-field-description = Description
event-field-start = Start
event-field-end = End
event-field-place = Place
event-field-capacity = Places
event-field-deadline = Sign-up deadline
event-use-buttons = Please use the buttons under the preview: Publish, Edit or Discard.
event-published = Event №{ $id } is published. Its announcement is on its way to { $count ->
        [one] { $count } member or group
       *[other] { $count } members and groups
    }.
event-checkin-qr =
    Check-in for "{ $title }": show this QR code at the venue. Volunteers scan it, or send /checkin { $code }.
    Check-in opens { $opens }.
    { $link }
event-qr = 📷 QR code

## Mistakes while typing an event

event-error-empty = This cannot be empty.
event-error-too-long = That is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }, please.
event-error-text-only = Please send text.
event-error-control-character = That has an invisible control character in it (such as a mark that changes the direction of the text). Please type the text again without that character.
event-error-time-format = I could not read that time. Please write it like 05.12.2026 15:00, 2026-12-05 15:00 or 5/12 15:00.
event-error-no-such-date = There is no such date or time. Please check the day, month and hour.
event-error-past = That time has already passed. Please give a time in the future.
event-error-end-before-start = The end must be after the start.
event-error-too-long-event = An event can last at most 14 days. Please check the end.
event-error-capacity = Please send the number of places as digits, for example 20, or press "Unlimited".
event-error-capacity-range = The number of places must be between 1 and { $max }.
event-error-capacity-below = { $taken ->
        [one] { $taken } volunteer is already confirmed
       *[other] { $taken } volunteers are already confirmed
    }: the number of places cannot be lower than that.
event-error-deadline-after-start = Sign-ups must close no later than the start of the event.

## Managing an event

event-pick = Which event?
event-none-to-manage = You have no current events. Create one with /newevent.
event-not-found = I can't find that event among yours. Send the command without a number to choose from a list.
event-not-editable = This event can no longer be changed: it has been cancelled or is over.
event-edit-which-of = What would you like to change in "{ $title }"?
event-updated = Saved.
event-updated-told = Saved. Everyone signed up will be told about the change.
event-cancel-confirm = Cancel "{ $title }" ({ $when })? Everyone signed up will be told.
event-cancel-yes = ❌ Yes, cancel the event
event-cancelled-done = "{ $title }" is cancelled. { $count ->
        [one] { $count } signed-up member will be told
       *[other] { $count } signed-up members will be told
    }.

## /volunteers and /attendance

volunteers-title =
    👥 №{ $id } { $title }
    🕒 { $when }
    Confirmed: { $taken } / { $capacity } · waiting: { $waiting } · present: { $present }
volunteers-unanswered = Not answered "Still coming?": { $count }
volunteers-none = Nobody has signed up yet.
volunteers-confirmed = confirmed
volunteers-waiting = waiting, number { $position }
volunteers-cancelled = cancelled
volunteers-coming = coming
volunteers-no-answer = no answer yet
volunteers-present = present
volunteers-csv = 📄 CSV
attendance-title =
    Attendance: { $title }
    🕒 { $when }
    Present: { $present } of { $total }. Press a name to mark or unmark.
attendance-marked = Marked present.
attendance-unmarked = Mark removed.

## Check-in

checkin-how = Send the code shown at the venue, for example: /checkin 1A2B3C4D5E6F7A8B. Or scan the QR code.
checkin-unknown-code = I cannot check you in with that code: it is wrong, or you are not signed up for its event. Please check it and try again.
checkin-wait = Too many wrong codes. Please wait { $seconds } s and try again.
checkin-too-early = Check-in for "{ $title }" opens { $opens }.
checkin-over = "{ $title }" is over; check-in is closed.
checkin-done = ✅ You are checked in at "{ $title }". Thank you for volunteering!
checkin-already = You are already checked in at "{ $title }".
checkin-not-signed-up = You are not a confirmed volunteer of "{ $title }". Please talk to the organiser.

## /my

my-upcoming-title = 🗓 Your upcoming events:
my-upcoming-none = none yet: see /events
my-upcoming-line = • { $title } — { $when }, { $place } ({ $status })
my-status-confirmed = confirmed
my-status-waiting = waiting list, number { $position }
my-past = 🏅 Events attended: { $events }, volunteer hours: { $hours }
my-past-line = • { $title } — { $when } ({ $hours } h)

audit-action-event-published = event published
audit-action-event-cancelled = event cancelled

## /message: the event's staff write to its volunteers

cmd-message = Write to an event's volunteers
volunteers-message = ✉️ Write to volunteers
event-message-whom = Who should get your message about "{ $title }"?
event-message-nobody = Nobody has signed up for "{ $title }" yet: there is nobody to write to.
event-message-closed = "{ $title }" is not published or was cancelled: its volunteers cannot be written to.
event-message-to-confirmed = ✅ Confirmed volunteers ({ $count })
event-message-to-waiting = ⏳ Waiting list ({ $count })
event-message-to-present = 🙋 Marked present ({ $count })
event-message-audience-confirmed = confirmed volunteers of "{ $title }"
event-message-audience-waiting = the waiting list of "{ $title }"
event-message-audience-present = those marked present at "{ $title }"
audit-action-event-message-sent = message to an event's volunteers
