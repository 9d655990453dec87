## Таратылымдар

broadcast-who = Таратылымды кімге жіберу керек?
broadcast-to-all = Қозғалыстың барлық мүшесіне
broadcast-to-regions = Таңдалған өңірлерге…
broadcast-to-wing = Бір жастар қанатына…
broadcast-to-region = Бүкіл өңірге
broadcast-pick-regions = Өңірлерді белгілеп, «Дайын» түймесін басыңыз.
broadcast-regions-done = Дайын ✅
broadcast-send-message = Таратылатын хабарламаны жіберіңіз: мәтін, фото, құжат немесе бейне, кез келген пішімдеумен.
broadcast-unsupported = Мен мәтінді, фотоны, құжатты және бейнені тарата аламын. Солардың бірін жіберіңіз.
broadcast-language-first = Алдымен алдыңғы хабарламаның тілін жоғарыдағы түймелермен таңдаңыз.
broadcast-which-language = Бұл нұсқа қай тілде?
broadcast-version-saved = Сақталды. Басқа тілдегі нұсқаны жіберіңіз (әр мүше хабарламаны өз тілінде алады, қалғандарына бірінші нұсқа барады) немесе «Алдын ала қарау» түймесін басыңыз.
broadcast-all-versions = Сақталды: үш тіл де бар. «Алдын ала қарау» түймесін басыңыз.
broadcast-preview = 👁 Алдын ала қарау
broadcast-preview-version = Нұсқа: { $language }
broadcast-summary =
    Алушылар: { $audience }
    Оны { $members } мүше және { $groups } топтық чат алады.
broadcast-send = ✅ Жіберу ({ $count })
broadcast-send-chosen = Жіберу
broadcast-ack-off = «Көрдім» түймесі: өшірулі
broadcast-ack-on = «Көрдім» түймесі: қосулы ✅
broadcast-discard = ✖ Бас тарту
broadcast-discarded = Бас тартылды: ештеңе жіберілген жоқ.
broadcast-seen-it = 👀 Көрдім
broadcast-seen-thanks = Рақмет!
broadcast-progress = №{ $id } таратылым: жіберілді { $done } / { $total }…
broadcast-cancel = ✖ Таратылымды тоқтату
broadcast-cancelled = Таратылым тоқтатылды. Жіберілмейтін хабарламалар: { $count }.
broadcast-unreached-csv = ⬇ Кімге жетпеді (CSV)
broadcast-report =
    №{ $id } таратылым аяқталды: { $total } алушы.
    Жеткізілді: { $delivered }
    Ботты бұғаттағандар: { $blocked }
    Қателер: { $failed }

    Өңірлер бойынша (жеткізілді / бұғаттады / қате):
broadcast-report-cancelled =
    №{ $id } таратылым тоқтатылды: { $total } алушы.
    Жеткізілді: { $delivered }
    Ботты бұғаттағандар: { $blocked }
    Қателер: { $failed }
    Жіберілмеді: { $cancelled }

    Өңірлер бойынша (жеткізілді / бұғаттады / қате):
broadcast-report-region = { $region }: { $delivered } / { $blocked } / { $failed }
broadcast-report-seen = «Көрдім» басқандар: { $count }
broadcast-report-seen-line = { $region }, { $wing }: { $count }

broadcasts-none = Әзірге таратылым жоқ. Жасау үшін /broadcast жіберіңіз.
broadcasts-title = Соңғы таратылымдар:
broadcasts-status-sending = жіберілуде
broadcasts-status-done = аяқталды
broadcasts-status-cancelled = тоқтатылды
broadcasts-line = №{ $id } · { $date } · { $status } · { $total } ішінен { $delivered } жеткізілді, бұғаттағандар { $blocked }, қателер { $failed }
broadcasts-report-one = 📊 №{ $id }
broadcasts-cancel-one = ✖ Тоқтату: №{ $id }

## Топтық чаттар

linkgroup-in-group = Мені өңірлік штабтың топтық чатына қосып, /linkgroup командасын сонда жіберіңіз.
linkgroup-done = Бұл топ енді мына өңірге байланыстырылды: { $region }. Өңірдің хабарландырулары осында да шығады.
linkgroup-which-region = Бұл топ қай өңірге тиесілі? /linkgroup командасын өңір атауымен жіберіңіз, мысалы: /linkgroup Алматы
