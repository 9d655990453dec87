## After an event: the thank-you, the rating and its comment

rating-thanks =
    🙏 Thank you for volunteering at "{ $title }"!
    ⏱ { $hours } h counted to your volunteer hours (see /my).

    How was it? Rate the event from 1 to 5 stars; you can change your answer for 7 days.
rating-saved = Thank you! Your rating: { $stars } of 5.
rating-changed = Your rating is now { $stars } of 5.
rating-ask-comment = Would you like to add a comment for the organisers? Write it in one message (up to { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }), or press Skip. Your name is not shown with it.
rating-skip = Skip
rating-comment-skipped = Thank you for your answer!
rating-comment-saved = Thank you! Your comment is passed on to the organisers.
rating-comment-not-text = Please write your comment as text, or press Skip.
rating-closed = Rating this event closed 7 days after it ended.
rating-not-yours = Only the volunteers marked present at this event can rate it.

## Ratings in /stats

stats-event-rating = ⭐ Rating: { $average } of 5 (answers: { $answers })
stats-event-rating-none = ⭐ Rating: no answers yet
stats-event-comments = 💬 Comments:
stats-rating = ⭐ Events' average rating: { $average } of 5 (answers: { $answers })
