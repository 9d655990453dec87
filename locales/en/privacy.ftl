## Your data

mydata-nothing = I have no personal data about you: you are not registered.
mydata-caption = Everything Birlik stores about you. /forget deletes it.
mydata-another-staff-member = another staff member
forget-question = Delete your personal data? Your name, phone and Telegram ids will be erased and you will no longer be a member. Your past participation stays in the movement's totals, without your name. This cannot be undone.
forget-yes = Yes, delete my data
forget-no = No, keep it
forget-kept = Nothing was deleted.
forget-done = Your personal data has been deleted. Goodbye, and thank you! If you want to come back, send /start to register again.
