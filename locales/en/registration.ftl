## Registration

reg-choose-language = Choose your language
reg-resume = Let's carry on where we left off.
reg-consent-text =
    Consent to the processing of personal data

    To register you in the youth movement of the Assembly of People of Kazakhstan, the Birlik bot stores your full name, birth year, region, youth wing, the phone number if you share it, and your Telegram id. They are used only to organise the movement's events and to send you its announcements, and are never shown to people without a role in the movement.

    You can see everything stored about you with /mydata and delete it with /forget at any time.

    Do you agree to the processing of your personal data?
reg-consent-agree = ✅ I agree
reg-consent-decline = Decline
reg-declined = Understood: nothing was saved. If you change your mind, send /start.

reg-ask-name = What is your full name? Your surname, first name and patronymic if you have one, for example: Seitkali Aigerim Nurlanovna
name-empty = The name is empty.
name-too-short = That is too short for a full name: at least { $min ->
        [one] { $min } letter
       *[other] { $min } letters
    }, please.
name-too-long = That is too long: a full name has at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
name-invalid-character = A name can have letters, spaces, hyphens and apostrophes, but not “{ $character }”.

reg-ask-birth-year = In which year were you born? Four digits, for example 2005.
birth-year-not-a-year = Please write the year with four digits, for example 2005.
birth-year-too-young = The movement is for young people from the age of { $min_age }, so members were born in { $latest_year } or earlier. You are welcome to join when you turn { $min_age }!
birth-year-too-old = The movement is for young people up to the age of { $max_age } (Kazakhstan's youth policy), so members were born in { $earliest_year } or later.

reg-guardian-question = You are under 18, so one of your parents or your guardian must agree to the processing of your personal data. Does your parent or guardian agree?
reg-guardian-yes = Yes, they agree
reg-guardian-no = No, not yet
reg-guardian-declined = Then we cannot register you yet: nothing was saved. Talk to your parent or guardian and send /start again.

reg-ask-region = Which region do you live in?
reg-ask-wing = Which youth wing are you in?
reg-ask-wing-none-yet = There are no youth wings in this region in the bot yet. You can choose one later in /profile.
reg-ask-phone = Would you like to share your phone number with the movement's organisers? Use the button below, or skip this step.

reg-summary =
    Please check your details:

    Name: { $name }
    Birth year: { $birth_year }
    Region: { $region }
    Youth wing: { $wing }
    Phone: { $phone }
    Language: { $language }
reg-confirm = ✅ Confirm
reg-start-over = Start over
reg-done = Welcome to the movement, { $name }! You are registered. Send /profile to see or change your details, and /help for everything else.
reg-already-member = You are already registered. Send /profile to see your details.
