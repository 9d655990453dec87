## Роли

role-organiser = организатор
role-coordinator = координатор
role-admin = администратор республиканского штаба
role-in-region = { $role }, { $region }

person-unknown = Не могу найти этого человека. Укажите его @username (он должен быть зарегистрирован) или id в Telegram, либо ответьте на его сообщение.
person-missing = Кому? Добавьте @username или id в Telegram либо отправьте команду ответом на сообщение человека.
grant-usage =
    Как назначить роль:
    /grant organiser @username
    /grant coordinator @username KZ-75
    или ответьте на сообщение человека командой /grant organiser
grant-need-region = В каком регионе? Добавьте его в конце, например: /grant organiser @username KZ-75
grant-self = Нельзя менять собственную роль.
grant-done = Готово: { $person } теперь { $role }.
revoke-none = У этого человека нет роли, которую можно снять.
revoke-done = Готово: { $person } больше не { $role }.
role-you-got = Вам назначена роль в движении: { $role }. Отправьте /help, чтобы увидеть, что вам теперь доступно.
role-you-lost = Ваша роль в штабе движения снята. Вы остаётесь участником. Спасибо за вашу работу!

invite-usage =
    Как создать ссылку-приглашение:
    /invite organiser
    /invite coordinator KZ-75
invite-need-region = В каком регионе? Например: /invite organiser KZ-75
invite-created =
    Ссылка-приглашение на роль «{ $role }»:
    { $link }

    Она сработает один раз, до { $until }. Отправьте её только тому, кому она предназначена.
invite-accepted = Добро пожаловать в команду! Ваша роль: { $role }. Отправьте /help, чтобы увидеть, что вам доступно.
invite-accepted-register = Добро пожаловать в команду! Ваша роль: { $role }. Отправьте /start, чтобы также зарегистрироваться как участник.
invite-unknown = Эта ссылка-приглашение недействительна. Попросите новую.
invite-used = Эта ссылка-приглашение уже использована. Попросите новую.
invite-expired = Срок действия этой ссылки-приглашения истёк. Попросите новую.
invite-void = Это приглашение больше не действует: его автор уже не может назначать эту роль. Попросите новое.
invite-keeps-role = У вас уже есть роль в движении: { $role }. Это приглашение не может её заменить, поэтому ничего не изменилось.

## Молодёжные крылья

wings-pick-region = Крылья какого региона показать?
wings-title = Молодёжные крылья: { $region }
wings-none = Молодёжных крыльев пока нет. Добавьте первое кнопкой ниже.
wings-line = • { $name } — { $count ->
    [one] { $count } участник
    [few] { $count } участника
    [many] { $count } участников
   *[other] { $count } участника
}
wings-archive = В архив
wings-keep = Оставить
wings-add = ➕ Добавить крыло
wings-ask-name = Напишите название нового молодёжного крыла.
wings-ask-new-name = Напишите новое название для «{ $name }».
wings-archive-question = Отправить «{ $name }» в архив? Его больше не будут предлагать участникам; у тех, кто в нём состоит, оно останется в истории.
wings-name-invalid = В названии крыла должно быть хотя бы две буквы. Напишите его ещё раз.
wings-name-too-long = Слишком длинное название: не больше 100 символов. Напишите его ещё раз.
wings-name-control = В названии крыла не может быть невидимых управляющих символов. Напишите его ещё раз.
wings-name-taken = В этом регионе уже есть крыло с таким названием. Напишите другое.

## Журнал аудита

audit-title = Журнал аудита, сначала новые:
audit-empty = Пока ничего не записано.
audit-system = система
audit-line = { $when } · { $action } · кто: { $actor } → { $target } · { $region } · { $details }
audit-action-role-granted = назначена роль
audit-action-role-revoked = снята роль
audit-action-invite-created = создано приглашение
audit-action-invite-refused = приглашение отклонено
audit-action-invites-voided = приглашения аннулированы
audit-action-wing-added = добавлено крыло
audit-action-wing-renamed = переименовано крыло
audit-action-wing-archived = крыло в архиве
audit-action-data-exported = выгрузка персональных данных
audit-action-member-erased = данные участника удалены
audit-action-other = другое
