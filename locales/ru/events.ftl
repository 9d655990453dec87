## Меню команд

cmd-events = Ближайшие мероприятия
cmd-my = Мои записи и часы
cmd-checkin = Отметиться на мероприятии
cmd-newevent = Новое мероприятие
cmd-editevent = Изменить мероприятие
cmd-cancelevent = Отменить мероприятие
cmd-volunteers = Волонтёры мероприятия
cmd-attendance = Отметить присутствие

## Карточка мероприятия

event-card =
    { $heading }
    { $description }

    🕒 { $when } (по времени Казахстана)
    📍 { $place }
    🗺 { $region }
    👥 { $places }
    ⏳ Запись закрывается { $deadline }
event-card-heading = 📅 { $title } (№{ $id })
event-card-heading-draft = 📅 { $title }
event-card-started = 🔒 Мероприятие уже началось или прошло: запись закрыта.
event-card-deadline-passed = 🔒 Запись на это мероприятие закрыта: срок истёк.
event-join-waiting = ⏳ Встать в лист ожидания
event-join-waiting-count = ⏳ Встать в лист ожидания (ждут: { $waiting })
event-places-limited = Занято мест: { $taken } / { $capacity }
event-places-unlimited = Волонтёров: { $taken } (без ограничений)
event-waiting-count = В листе ожидания: { $waiting }
event-republic-wide = Вся республика
event-is-cancelled = ❌ Это мероприятие отменено.
event-mine-confirmed = ✅ Вы записаны.
event-mine-waiting = ⏳ Вы в листе ожидания под номером { $position }.
event-volunteer = 🙋 Записаться волонтёром
event-unvolunteer = Отменить запись
event-calendar = 📅 Добавить в календарь
events-none = В вашем регионе пока нет ближайших мероприятий. Я сообщу, когда появится новое.
event-register-first = Сначала зарегистрируйтесь: отправьте /start.

## Запись

event-signed-up = Вы записаны! До встречи.
event-waiting = Все места заняты: вы в листе ожидания под номером { $position }. Я сообщу, если место освободится.
event-already-signed-up = Вы уже записаны на это мероприятие.
event-already-waiting = Вы уже в листе ожидания под номером { $position }.
event-too-many-signups = У вас уже { $max ->
        [one] { $max } предстоящая запись
        [few] { $max } предстоящие записи
        [many] { $max } предстоящих записей
       *[other] { $max } предстоящей записи
    } — это максимум для одного человека. Отмените одну из них на её карточке в /events, чтобы записаться сюда.
event-signup-cancelled = Ваша запись отменена.
event-not-signed-up = Вы не записаны на это мероприятие.
event-closed-cancelled = Это мероприятие отменено.
event-closed-started = Это мероприятие уже началось или закончилось.
event-closed-deadline = Запись на это мероприятие закрыта.
event-promoted =
    Хорошие новости: освободилось место, и оно ваше!
    📅 { $title }
    🕒 { $when }
    📍 { $place }

## Напоминания

event-reminder-day-before =
    Завтра: { $title }
    🕒 { $when }
    📍 { $place }

    Всё в силе, вы придёте?
event-still-coming-yes = Да, приду
event-still-coming-no = Нет, не смогу
event-see-you = Отлично, до встречи!
event-place-freed = Спасибо, что предупредили: ваше место перешло к участнику из листа ожидания.
event-reminder-two-hours =
    Через два часа: { $title }
    🕒 { $when }
    📍 { $place }

## Изменения и отмена: что узнают волонтёры

event-changed-notice =
    Мероприятие, на которое вы записаны, изменилось:
    📅 { $title }
    🕒 { $when }
    📍 { $place }
event-cancelled-notice =
    К сожалению, мероприятие «{ $title }» ({ $when }) отменено.

## /newevent

event-new-where = Где пройдёт мероприятие? Выберите регион или всю республику.
event-ask-title = Как называется мероприятие? (до 120 символов)
event-ask-description = Опишите мероприятие: чем займутся волонтёры, что взять с собой. (до 1500 символов)
event-ask-start =
    Когда оно начинается? По времени Казахстана, например:
    05.12.2026 15:00 или 2026-12-05 15:00 или 5/12 15:00
event-ask-end =
    Когда оно заканчивается? Время (18:00), дата и время (05.12.2026 18:00) или продолжительность (3h, 3 ч, 90m).
event-ask-place = Где? Адрес или место, куда нужно прийти.
event-ask-capacity = Сколько нужно волонтёров? Отправьте число или нажмите «Без ограничений».
event-ask-deadline = До какого момента можно записаться? Отправьте дату и время или нажмите «До начала».
event-unlimited = Без ограничений
event-deadline-at-start = До начала
event-preview = Так участники увидят мероприятие:
event-publish = ✅ Опубликовать
event-edit = ✏️ Изменить
event-discard = 🗑 Удалить
event-discarded = Мероприятие удалено, ничего не опубликовано.
event-edit-which = Что вы хотите изменить?
event-field-title = Название
event-field-description = Описание
event-field-start = Начало
event-field-end = Окончание
event-field-place = Место
event-field-capacity = Количество мест
event-field-deadline = Срок записи
event-use-buttons = Пожалуйста, воспользуйтесь кнопками под предпросмотром: «Опубликовать», «Изменить» или «Удалить».
event-published = Мероприятие №{ $id } опубликовано. Объявление уже отправляется участникам и группам: { $count }.
event-checkin-qr =
    Отметка на «{ $title }»: покажите этот QR-код на месте. Волонтёры сканируют его или отправляют /checkin { $code }.
    Отметиться можно с { $opens }.
    { $link }
event-qr = 📷 QR-код

## Ошибки при вводе мероприятия

event-error-empty = Это поле не может быть пустым.
event-error-too-long = Слишком длинно: не больше { $max ->
        [one] { $max } символа
        [few] { $max } символов
        [many] { $max } символов
       *[other] { $max } символа
    }, пожалуйста.
event-error-text-only = Пожалуйста, отправьте текст.
event-error-control-character = В тексте есть невидимый управляющий символ (например, знак, меняющий направление текста). Наберите текст заново без этого символа.
event-error-time-format = Не получилось разобрать время. Напишите, например, так: 05.12.2026 15:00, 2026-12-05 15:00 или 5/12 15:00.
event-error-no-such-date = Такой даты или времени не существует. Проверьте день, месяц и час.
event-error-past = Это время уже прошло. Укажите время в будущем.
event-error-end-before-start = Окончание должно быть позже начала.
event-error-too-long-event = Мероприятие может длиться не больше 14 дней. Проверьте время окончания.
event-error-capacity = Отправьте количество мест цифрами, например 20, или нажмите «Без ограничений».
event-error-capacity-range = Количество мест должно быть от 1 до { $max }.
event-error-capacity-below = Уже { $taken ->
        [one] подтверждён { $taken } волонтёр
        [few] подтверждено { $taken } волонтёра
        [many] подтверждено { $taken } волонтёров
       *[other] подтверждено { $taken } волонтёра
    }: мест не может быть меньше.
event-error-deadline-after-start = Запись должна закрыться не позже начала мероприятия.

## Управление мероприятием

event-pick = Какое мероприятие?
event-none-to-manage = У вас нет текущих мероприятий. Создайте новое командой /newevent.
event-not-found = Не нахожу такого мероприятия среди ваших. Отправьте команду без номера, чтобы выбрать из списка.
event-not-editable = Это мероприятие уже нельзя изменить: оно отменено или закончилось.
event-edit-which-of = Что вы хотите изменить в «{ $title }»?
event-updated = Сохранено.
event-updated-told = Сохранено. Все записавшиеся получат уведомление об изменении.
event-cancel-confirm = Отменить «{ $title }» ({ $when })? Все записавшиеся получат уведомление.
event-cancel-yes = ❌ Да, отменить мероприятие
event-cancelled-done = Мероприятие «{ $title }» отменено. Уведомим записавшихся участников: { $count }.

## /volunteers и /attendance

volunteers-title =
    👥 №{ $id } { $title }
    🕒 { $when }
    Подтверждено: { $taken } / { $capacity } · в ожидании: { $waiting } · на месте: { $present }
volunteers-unanswered = Не ответили на «Вы придёте?»: { $count }
volunteers-none = Пока никто не записался.
volunteers-confirmed = запись подтверждена
volunteers-waiting = в ожидании, номер { $position }
volunteers-cancelled = запись отменена
volunteers-coming = придёт
volunteers-no-answer = ответа пока нет
volunteers-present = на месте
volunteers-csv = 📄 CSV
attendance-title =
    Присутствие: { $title }
    🕒 { $when }
    На месте: { $present } из { $total }. Нажмите на имя, чтобы поставить или снять отметку.
attendance-marked = Отметка поставлена.
attendance-unmarked = Отметка снята.

## Отметка на мероприятии

checkin-how = Отправьте код, который показывают на месте, например: /checkin 1A2B3C4D5E6F7A8B. Или отсканируйте QR-код.
checkin-unknown-code = По этому коду отметиться нельзя: код неверный или вы не записаны на это мероприятие. Проверьте код и попробуйте ещё раз.
checkin-wait = Слишком много неверных кодов. Подождите { $seconds } с и попробуйте снова.
checkin-too-early = Отметиться на «{ $title }» можно с { $opens }.
checkin-over = Мероприятие «{ $title }» закончилось, отметка закрыта.
checkin-done = ✅ Вы отметились на «{ $title }». Спасибо за вашу помощь!
checkin-already = Вы уже отметились на «{ $title }».
checkin-not-signed-up = Вас нет среди подтверждённых волонтёров «{ $title }». Обратитесь к организатору.

## /my

my-upcoming-title = 🗓 Ваши ближайшие мероприятия:
my-upcoming-none = пока нет: загляните в /events
my-upcoming-line = • { $title } — { $when }, { $place } ({ $status })
my-status-confirmed = подтверждено
my-status-waiting = лист ожидания, номер { $position }
my-past = 🏅 Посещено мероприятий: { $events }, волонтёрских часов: { $hours }
my-past-line = • { $title } — { $when } ({ $hours } ч)

audit-action-event-published = опубликовано мероприятие
audit-action-event-cancelled = отменено мероприятие

## /message: the event's staff write to its volunteers

cmd-message = Написать волонтёрам
volunteers-message = ✉️ Написать волонтёрам
event-message-whom = Кому отправить сообщение о мероприятии «{ $title }»?
event-message-nobody = На мероприятие «{ $title }» пока никто не записался: писать некому.
event-message-closed = Мероприятие «{ $title }» не опубликовано или отменено: написать его волонтёрам нельзя.
event-message-to-confirmed = ✅ Волонтёры с подтверждённой записью ({ $count })
event-message-to-waiting = ⏳ Лист ожидания ({ $count })
event-message-to-present = 🙋 Отмеченные на месте ({ $count })
event-message-audience-confirmed = волонтёры мероприятия «{ $title }» с подтверждённой записью
event-message-audience-waiting = лист ожидания мероприятия «{ $title }»
event-message-audience-present = отмеченные на мероприятии «{ $title }»
audit-action-event-message-sent = сообщение волонтёрам мероприятия
