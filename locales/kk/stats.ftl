## /stats

cmd-stats = Қатысу көрсеткіштері
stats-not-allowed = Кешіріңіз, көрсеткіштер ұйымдастырушылар мен өңірлік штабтарға арналған. Өз қатысуыңызды /my арқылы көре аласыз.
stats-usage = Өңіріңіз үшін /stats, бір іс-шара үшін /stats event 12, жастар қанаттары үшін /stats wing жіберіңіз.
stats-wing-regional = /stats wing өңір үшін ғана жұмыс істейді: өңір үйлестірушісінен сұраңыз немесе /stats есебіндегі өңірлер тізімін қараңыз.
stats-country = Қазақстан
stats-period-30d = 30 күн
stats-period-90d = 90 күн
stats-period-year = Биыл
stats-period-all = Барлық уақыт
stats-title = 📊 { $scope } — { $period }
stats-members = 👥 Мүшелер: { $total } (жаңалары: { $new }) · 📅 өткізілген іс-шаралар: { $events }
stats-participation =
    🙋 Жазылулар — расталған: { $confirmed }, күту тізімінде: { $waiting }, бас тартқан: { $cancelled }
    ✅ Келгендер: { $attended } · келмегендер: { $noshows } · келу көрсеткіші: { $rate }
    ⏱ Еріктілік сағаттары: { $hours }
# Пайыз: таңба санға тікелей жалғанады.
stats-percent = { $percent }%
stats-most-active = 🏅 Ең белсенді еріктілер:
stats-volunteer-line = іс-шаралар: { $events }, сағаттар: { $hours }
stats-erased-member = (деректерін өшірген мүше)
stats-by-region = 🗺 Өңірлер бойынша (мүшелер · келгендер · сағаттар):
stats-region-line = • { $region }: { $members } · { $attended } · { $hours }
stats-by-wing = 🏛 Жастар қанаттары бойынша мүшелер:
stats-activation = ⏳ Импортталғандар: әлі қосылмағандар { $pending } · өз сілтемесі арқылы қосылғандар { $activated } · белсендіру үлесі: { $rate }
stats-activation-by-wing = ⏳ Жастар қанаттары бойынша белсендіру, ең төмен үлестен бастап (қосылмағандар · қосылғандар · үлес):
stats-activation-by-region = ⏳ Өңірлер бойынша белсендіру (қосылмағандар · қосылғандар · үлес):
stats-event-title =
    📊 №{ $id } { $title }
    🕒 { $when }
stats-chart = 📈 Диаграмма
stats-chart-regions = Келгендер, өңірлер бойынша — { $period }
stats-chart-months = Келгендер, айлар бойынша — { $period }

## /export

cmd-export = Мүшелерді, іс-шараларды, қатысуды экспорттау (CSV)
export-not-allowed = Кешіріңіз, экспорттау тек өңірлік штабтар мен әкімшілерге қолжетімді.
export-sending = Міне, сіздің құзырыңыздағы мүшелер, іс-шаралар және қатысу — CSV файлдары (Excel мен LibreOffice-те ашылады).
