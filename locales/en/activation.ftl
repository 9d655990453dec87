## Joining through a personal link

activation-welcome =
    Hello! Your regional headquarters invites you to join the youth movement of the Assembly of People of Kazakhstan. Your details from its list are filled in: you will check each of them, and nothing is saved until you confirm.
    Choose your language:
activation-check-name =
    Your headquarters' list has your full name as:
    { $name }
    Keep it with the button below, or write your full name as it should be.
activation-check-birth-year = Your headquarters' list has your birth year as { $birth_year }. Keep it with the button below, or write the right year with four digits.
activation-keep = ✓ Keep: { $value }
activation-link-invalid = This link is not valid any more: it has been used, or it has expired. To join the movement, send /start.
activation-link-invalid-member = This link is not valid any more. You are registered already: send /profile to see your details.
activation-registered-already =
    You are registered already, as { $name }. Nothing from your headquarters' list was copied into your details.
    If this link was meant for you, press the button below: your details stay as they are, and the link stops working.
activation-keep-mine = Keep my details
activation-kept = Done: your details stay as they were, and your headquarters now sees that you have joined. The link no longer works.
activation-forgotten = Your personal data has been deleted, together with the details your headquarters' list held about you. Goodbye, and thank you! If you want to come back, send /start to register again.
