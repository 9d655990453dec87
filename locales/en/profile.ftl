## Profile

profile-card =
    Your profile

    Name: { $name }
    Birth year: { $birth_year }
    Region: { $region }
    Youth wing: { $wing }
    Phone: { $phone }
    Language: { $language }
    Registered: { $registered }
profile-edit-name = ✏️ Name
profile-edit-birth-year = ✏️ Birth year
profile-edit-region = ✏️ Region
profile-edit-wing = ✏️ Youth wing
profile-edit-phone = ✏️ Phone
profile-edit-language = 🌐 Language
profile-ask-name = Write your full name (the patronymic only if you have one).
profile-ask-birth-year = Write your birth year with four digits.
profile-ask-phone = Share your new number with the button below, or remove the one we have.
profile-saved = Saved.
profile-guardian-required = Without the agreement of a parent or guardian the birth year stays as it was.
