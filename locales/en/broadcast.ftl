## Broadcasts

broadcast-who = Who should receive the broadcast?
broadcast-to-all = Everyone in the movement
broadcast-to-regions = Chosen regions…
broadcast-to-wing = One youth wing…
broadcast-to-region = The whole region
broadcast-pick-regions = Tick the regions, then press Done.
broadcast-regions-done = Done ✅
broadcast-send-message = Send the message to broadcast: text, a photo, a document or a video, formatted as you like.
broadcast-unsupported = I can broadcast text, photos, documents and videos. Please send one of those.
broadcast-language-first = First choose the language of the previous message with the buttons above.
broadcast-which-language = Which language is this version in?
broadcast-version-saved = Saved. Send a version in another language (each member gets the version in their own language, the rest get the first one), or press Preview.
broadcast-all-versions = Saved: all three languages are there. Press Preview.
broadcast-preview = 👁 Preview
broadcast-preview-version = Version: { $language }
broadcast-summary =
    Audience: { $audience }
    It will reach { $members ->
            [one] { $members } member
           *[other] { $members } members
        } and { $groups ->
            [one] { $groups } group chat
           *[other] { $groups } group chats
        }.
broadcast-send = ✅ Send ({ $count })
broadcast-send-chosen = Send
broadcast-ack-off = “Seen it” button: off
broadcast-ack-on = “Seen it” button: on ✅
broadcast-discard = ✖ Discard
broadcast-discarded = Discarded: nothing was sent.
broadcast-seen-it = 👀 Seen it
broadcast-seen-thanks = Thank you!
broadcast-progress = Broadcast #{ $id }: { $done } of { $total } sent…
broadcast-cancel = ✖ Cancel the broadcast
broadcast-cancelled = The broadcast is cancelled. Messages that will not be sent: { $count }.
broadcast-unreached-csv = ⬇ Who was not reached (CSV)
broadcast-report =
    Broadcast #{ $id } is finished: { $total ->
            [one] { $total } recipient
           *[other] { $total } recipients
        }.
    Delivered: { $delivered }
    Blocked the bot: { $blocked }
    Failed: { $failed }

    By region (delivered / blocked / failed):
broadcast-report-cancelled =
    Broadcast #{ $id } was cancelled: { $total ->
            [one] { $total } recipient
           *[other] { $total } recipients
        }.
    Delivered: { $delivered }
    Blocked the bot: { $blocked }
    Failed: { $failed }
    Not sent: { $cancelled }

    By region (delivered / blocked / failed):
broadcast-report-region = { $region }: { $delivered } / { $blocked } / { $failed }
broadcast-report-seen = “Seen it” pressed: { $count }
broadcast-report-seen-line = { $region }, { $wing }: { $count }

broadcasts-none = No broadcasts yet. Send /broadcast to make one.
broadcasts-title = Latest broadcasts:
broadcasts-status-sending = sending
broadcasts-status-done = finished
broadcasts-status-cancelled = cancelled
broadcasts-line = #{ $id } · { $date } · { $status } · delivered { $delivered } of { $total }, blocked { $blocked }, failed { $failed }
broadcasts-report-one = 📊 #{ $id }
broadcasts-cancel-one = ✖ Cancel #{ $id }

## Group chats

linkgroup-in-group = Send /linkgroup inside the regional headquarters' group chat, after adding me to it.
linkgroup-done = This group is now linked to { $region }: the region's announcements will appear here.
linkgroup-which-region = Which region is this group's? Send /linkgroup with the region, for example: /linkgroup Almaty
