## The weekly digest to coordinators and admins (Mondays, 09:00 Almaty time).

cmd-digest = Weekly digest: turn it on again
digest-country = Kazakhstan
digest-title = 📬 Weekly digest — { $scope }, { $from }–{ $to }
digest-members-new = 👤 New members: { $count } (week before: { $before })
digest-events-held = 📅 Events held: { $count } (week before: { $before })
digest-attendance = ✅ Attendance rate: { $rate } (week before: { $before })
digest-half-empty = Upcoming events under half full:
digest-half-empty-event = • { $title }, { $time } — places taken: { $taken } of { $capacity }
digest-half-empty-none = No upcoming event in the next two weeks is under half full.
digest-quiet-wings = 💤 Wings with no activity in 60 days ({ $count }): { $names }
digest-quiet-wings-more = and { $count } more
digest-quiet-wings-none = Every wing had some activity in the last 60 days.
digest-turn-off = 🔕 Turn the digest off
digest-turned-off = The weekly digest is off. Send /digest to have it again.
digest-turned-on = The weekly digest is on: it comes on Mondays at 09:00 Almaty time.
digest-not-staff = The weekly digest is for coordinators and admins.
