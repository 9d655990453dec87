## Рассылки

broadcast-who = Кому отправить рассылку?
broadcast-to-all = Всем участникам движения
broadcast-to-regions = Выбранным регионам…
broadcast-to-wing = Одному молодёжному крылу…
broadcast-to-region = Всему региону
broadcast-pick-regions = Отметьте регионы и нажмите «Готово».
broadcast-regions-done = Готово ✅
broadcast-send-message = Отправьте сообщение для рассылки: текст, фото, документ или видео, с любым оформлением.
broadcast-unsupported = Я могу разослать текст, фото, документы и видео. Пожалуйста, отправьте что-то из этого.
broadcast-language-first = Сначала выберите язык предыдущего сообщения кнопками выше.
broadcast-which-language = На каком языке эта версия?
broadcast-version-saved = Сохранено. Отправьте версию на другом языке (каждый получит версию на своём языке, остальные — первую) или нажмите «Просмотр».
broadcast-all-versions = Сохранено: все три языка на месте. Нажмите «Просмотр».
broadcast-preview = 👁 Просмотр
broadcast-preview-version = Версия: { $language }
broadcast-summary =
    Получатели: { $audience }
    Получат: участники — { $members }, групповые чаты — { $groups }.
broadcast-send = ✅ Отправить ({ $count })
broadcast-send-chosen = Отправить
broadcast-ack-off = Кнопка «Прочитано»: выкл.
broadcast-ack-on = Кнопка «Прочитано»: вкл. ✅
broadcast-discard = ✖ Отменить
broadcast-discarded = Отменено: ничего не отправлено.
broadcast-seen-it = 👀 Прочитано
broadcast-seen-thanks = Спасибо!
broadcast-progress = Рассылка №{ $id }: отправлено { $done } из { $total }…
broadcast-cancel = ✖ Остановить рассылку
broadcast-cancelled = Рассылка остановлена. Не будет отправлено сообщений: { $count }.
broadcast-unreached-csv = ⬇ Кто не получил (CSV)
broadcast-report =
    Рассылка №{ $id } завершена, получателей: { $total }.
    Доставлено: { $delivered }
    Заблокировали бота: { $blocked }
    Ошибки: { $failed }

    По регионам (доставлено / заблокировали / ошибки):
broadcast-report-cancelled =
    Рассылка №{ $id } остановлена, получателей: { $total }.
    Доставлено: { $delivered }
    Заблокировали бота: { $blocked }
    Ошибки: { $failed }
    Не отправлено: { $cancelled }

    По регионам (доставлено / заблокировали / ошибки):
broadcast-report-region = { $region }: { $delivered } / { $blocked } / { $failed }
broadcast-report-seen = Нажали «Прочитано»: { $count }
broadcast-report-seen-line = { $region }, { $wing }: { $count }

broadcasts-none = Рассылок пока нет. Отправьте /broadcast, чтобы создать.
broadcasts-title = Последние рассылки:
broadcasts-status-sending = идёт отправка
broadcasts-status-done = завершена
broadcasts-status-cancelled = остановлена
broadcasts-line = №{ $id } · { $date } · { $status } · доставлено { $delivered } из { $total }, заблокировали { $blocked }, ошибки { $failed }
broadcasts-report-one = 📊 №{ $id }
broadcasts-cancel-one = ✖ Остановить №{ $id }

## Групповые чаты

linkgroup-in-group = Добавьте меня в групповой чат регионального штаба и отправьте /linkgroup там.
linkgroup-done = Эта группа привязана к региону { $region }: здесь будут появляться объявления региона.
linkgroup-which-region = К какому региону относится эта группа? Отправьте /linkgroup с регионом, например: /linkgroup Алматы
