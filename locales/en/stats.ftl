## /stats

cmd-stats = Participation figures
stats-not-allowed = Sorry, figures are for organisers and regional headquarters. Your own participation is in /my.
stats-usage = Send /stats for your region, /stats event 12 for one event, or /stats wing for the youth wings.
stats-wing-regional = /stats wing is for a region: ask a region's coordinator, or see the regions below /stats.
stats-country = Kazakhstan
stats-period-30d = 30 days
stats-period-90d = 90 days
stats-period-year = This year
stats-period-all = All time
stats-title = 📊 { $scope } — { $period }
stats-members = 👥 Members: { $total } (new: { $new }) · 📅 events held: { $events }
stats-participation =
    🙋 Sign-ups: confirmed { $confirmed }, waiting { $waiting }, cancelled { $cancelled }
    ✅ Attended: { $attended } · no-shows: { $noshows } · attendance rate: { $rate }
    ⏱ Volunteer hours: { $hours }
# A share as a percentage: CLDR puts the sign after a no-break space in Russian.
stats-percent = { $percent }%
stats-most-active = 🏅 Most active volunteers:
stats-volunteer-line = events: { $events }, hours: { $hours }
stats-erased-member = (a member who erased their data)
stats-by-region = 🗺 By region (members · attended · hours):
stats-region-line = • { $region }: { $members } · { $attended } · { $hours }
stats-by-wing = 🏛 Members by youth wing:
stats-activation = ⏳ Imported: not joined yet { $pending } · joined through their link { $activated } · activation rate: { $rate }
stats-activation-by-wing = ⏳ Activation by youth wing, lowest rate first (not joined · joined · rate):
stats-activation-by-region = ⏳ Activation by region (not joined · joined · rate):
stats-event-title =
    📊 №{ $id } { $title }
    🕒 { $when }
stats-chart = 📈 Chart
stats-chart-regions = Attended by region — { $period }
stats-chart-months = Attended by month — { $period }

## /export

cmd-export = Export members, events, participation (CSV)
export-not-allowed = Sorry, exports are for regional headquarters and admins.
export-sending = Here are the members, events and participation of your scope, as CSV files (they open in Excel and LibreOffice).
