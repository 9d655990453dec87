## Column headers of the CSV files the bot sends (/export, /volunteers, a broadcast's "not reached").
## English keeps the short column names scripts already read.

csv-member-id = member_id
csv-full-name = full_name
csv-region = region
csv-wing = wing
csv-birth-year = birth_year
csv-phone = phone
csv-language = language
csv-status = status
csv-registered-at = registered_at
csv-event-id = event_id
csv-title = title
csv-place = place
csv-starts-at = starts_at
csv-ends-at = ends_at
csv-capacity = capacity
csv-confirmed = confirmed
csv-waiting = waiting
csv-cancelled = cancelled
csv-attended-count = attended
csv-no-shows = no_shows
csv-volunteer-hours = volunteer_hours
csv-event-title = event_title
csv-event-start = event_start
csv-attended = attended
csv-checked-in-at = checked_in_at
csv-chat = chat
csv-reason = reason
csv-row = n
csv-username = username
csv-waiting-position = waiting_position
csv-still-coming = still_coming
csv-signed-up-at = signed_up_at
