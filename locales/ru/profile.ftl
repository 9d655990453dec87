## Профиль

profile-card =
    Ваш профиль

    Имя: { $name }
    Год рождения: { $birth_year }
    Регион: { $region }
    Молодёжное крыло: { $wing }
    Телефон: { $phone }
    Язык: { $language }
    Дата регистрации: { $registered }
profile-edit-name = ✏️ Имя
profile-edit-birth-year = ✏️ Год рождения
profile-edit-region = ✏️ Регион
profile-edit-wing = ✏️ Крыло
profile-edit-phone = ✏️ Телефон
profile-edit-language = 🌐 Язык
profile-ask-name = Напишите ФИО полностью (отчество — при наличии).
profile-ask-birth-year = Напишите год рождения четырьмя цифрами.
profile-ask-phone = Поделитесь новым номером кнопкой ниже или удалите сохранённый.
profile-saved = Сохранено.
profile-guardian-required = Без согласия родителя или опекуна год рождения остаётся прежним.
