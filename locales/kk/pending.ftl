## /pending: штаб импорттаған, әлі қосылмаған адамдар және қаншасы қосылғаны.

cmd-pending = Импортталған, әлі қосылмаған адамдар, қанаттар бойынша белсендіру
pending-name-region = Командадан кейін өңірді жазыңыз, мысалы /pending KZ-75.
pending-title = ⏳ Импортталған адамдар. Өңір: { $region }
pending-none = Бұл өңір үшін әлі ешкім импортталмаған.
pending-pick-wing = Әлі қосылмаған адамдарын көру үшін қанатты басыңыз.
pending-wing-button = { $wing } · { $pending }
# /stats есебінде де: қанат не өңір, қосылмағандар · қосылғандар · үлес.
pending-activation-line = • { $name }: { $pending } · { $activated } · { $rate }
pending-wing-title = ⏳ { $wing }, { $region } — әлі қосылмағандар: { $count }
pending-wing-empty = Бұл қанатта қосылуды күтіп тұрған ешкім жоқ.
pending-person-line = { $n }. { $name } ({ $birth_year }) · импортталған күні: { $date }
pending-remove-button = 🗑 { $name }
pending-remove-question = Мына адамның деректері өшірілсін бе: { $name } ({ $birth_year }, { $wing })? Оның жеке сілтемесі бұдан былай жұмыс істемейді. Бұл әрекетті қайтару мүмкін емес.
pending-remove-yes = 🗑 Өшіру
pending-remove-keep = Қалдыру
pending-removed = Өшірілді: { $name }.
pending-gone = Бұл адамның деректері енді жоқ: олар бұрын өшірілген немесе адам қозғалысқа қосылып қойған.
