## Профиль

profile-card =
    Сіздің профиліңіз

    Аты-жөні: { $name }
    Туған жылы: { $birth_year }
    Өңір: { $region }
    Жастар қанаты: { $wing }
    Телефон: { $phone }
    Тіл: { $language }
    Тіркелген күні: { $registered }
profile-edit-name = ✏️ Аты-жөні
profile-edit-birth-year = ✏️ Туған жылы
profile-edit-region = ✏️ Өңір
profile-edit-wing = ✏️ Қанат
profile-edit-phone = ✏️ Телефон
profile-edit-language = 🌐 Тіл
profile-ask-name = Толық аты-жөніңізді жазыңыз (әкеңіздің аты — бар болса).
profile-ask-birth-year = Туған жылыңызды төрт цифрмен жазыңыз.
profile-ask-phone = Жаңа нөміріңізбен төмендегі түйме арқылы бөлісіңіз немесе сақталғанын өшіріңіз.
profile-saved = Сақталды.
profile-guardian-required = Ата-анаңыздың немесе қамқоршыңыздың келісімінсіз туған жыл бұрынғыдай қалады.
