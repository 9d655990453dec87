## Сертификат волонтёрских часов (/certificate) и его проверка (/verify)

cmd-certificate = Сертификат волонтёрских часов
cmd-verify = Проверить сертификат
certificate-nothing-yet = Вас ещё не отметили ни на одном мероприятии, поэтому подтверждать пока нечего. Запишитесь волонтёром на мероприятие (/events) и отметьтесь там: его часы будут засчитаны.
certificate-caption = 📄 Ваш сертификат волонтёрских часов. Его код — { $code }: любой может проверить его командой /verify { $code } или по QR-коду.
certificate-movement = Молодёжное движение Ассамблеи народа Казахстана
certificate-heading = Сертификат волонтёрских часов
certificate-intro = Волонтёрское участие в мероприятиях движения:
certificate-column-event = Мероприятие
certificate-column-date = Дата
certificate-column-hours = Часы
certificate-row-hours = { $hours } ч
certificate-total = Итого: { $events ->
    [one] { $events } мероприятие
    [few] { $events } мероприятия
    [many] { $events } мероприятий
   *[other] { $events } мероприятия
    }, { $hours } ч волонтёрской работы
certificate-period = Период: { $from } – { $to }
certificate-issued = Дата выдачи: { $date }
certificate-code = Код проверки: { $code }
certificate-verify-hint = Чтобы проверить подлинность сертификата, отсканируйте QR-код или отправьте /verify { $code } боту @{ $bot } в Telegram.
verify-usage = Отправьте код, напечатанный на сертификате, так: /verify КОД. Или отсканируйте QR-код сертификата.
verify-genuine =
    ✅ Сертификат подлинный. В нём указано:

    Владелец: { $name }
    Мероприятий посещено: { $events }
    Волонтёрских часов: { $hours }
    Период: { $from } – { $to }
    Дата выдачи: { $issued }
    Код: { $code }
verify-not-genuine = ❌ Действующего сертификата с таким кодом нет. Возможно, код набран с ошибкой или сертификат отозван.
