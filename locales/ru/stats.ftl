## /stats

cmd-stats = Показатели участия
stats-not-allowed = Извините, показатели доступны организаторам и региональным штабам. Ваше собственное участие можно посмотреть в /my.
stats-usage = Отправьте /stats для вашего региона, /stats event 12 для одного мероприятия или /stats wing для молодёжных крыльев.
stats-wing-regional = /stats wing работает для региона: обратитесь к координатору региона или посмотрите список регионов в отчёте /stats.
stats-country = Казахстан
stats-period-30d = За 30 дней
stats-period-90d = За 90 дней
stats-period-year = За этот год
stats-period-all = За всё время
stats-title = 📊 { $scope } — { $period }
stats-members = 👥 Участники: { $total } (новых: { $new }) · 📅 проведено мероприятий: { $events }
stats-participation =
    🙋 Записи: подтверждено { $confirmed }, в листе ожидания { $waiting }, отменено { $cancelled }
    ✅ Пришли: { $attended } · неявки: { $noshows } · явка: { $rate }
    ⏱ Волонтёрские часы: { $hours }
# Доля в процентах: знак отделяется неразрывным пробелом.
stats-percent = { $percent }{"\u00A0"}%
stats-most-active = 🏅 Самые активные волонтёры:
stats-volunteer-line = мероприятий: { $events }, часов: { $hours }
stats-erased-member = (участник, удаливший свои данные)
stats-by-region = 🗺 По регионам (участники · пришли · часы):
stats-region-line = • { $region }: { $members } · { $attended } · { $hours }
stats-by-wing = 🏛 Участники по молодёжным крыльям:
stats-activation = ⏳ Импортированные: ещё не присоединились { $pending } · присоединились по своей ссылке { $activated } · доля активации: { $rate }
stats-activation-by-wing = ⏳ Активация по молодёжным крыльям, сначала с самой низкой долей (не присоединились · присоединились · доля):
stats-activation-by-region = ⏳ Активация по регионам (не присоединились · присоединились · доля):
stats-event-title =
    📊 №{ $id } { $title }
    🕒 { $when }
stats-chart = 📈 График
stats-chart-regions = Пришли, по регионам — { $period }
stats-chart-months = Пришли, по месяцам — { $period }

## /export

cmd-export = Выгрузка участников, мероприятий, участия (CSV)
export-not-allowed = Извините, выгрузки доступны региональным штабам и администраторам.
export-sending = Вот участники, мероприятия и участие в вашей зоне ответственности — файлы CSV (открываются в Excel и LibreOffice).
