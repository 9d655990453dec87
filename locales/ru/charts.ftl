## Графики /stats и `birlik stats --chart`: что, где, когда.

chart-title = { $what } — { $where }, { $period }
chart-period-30d = последние 30 дней
chart-period-90d = последние 90 дней
chart-period-year = этот год
chart-period-all = всё время
chart-attended-by-region = Пришли, по регионам
chart-attended-by-month = Пришли, по месяцам
chart-attended-by-wing = Пришли, по молодёжным крыльям
chart-weekly = Новые участники и посещения по неделям
chart-legend-new-members = Новые участники
chart-legend-attended = Пришли
chart-button-weekly = 📈 По неделям
chart-button-wings = 📈 Молодёжные крылья
