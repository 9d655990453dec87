## Командалар мәзірі

cmd-events = Алдағы іс-шаралар
cmd-my = Жазылуларым және сағаттарым
cmd-checkin = Іс-шараға келгенімді белгілеу
cmd-newevent = Жаңа іс-шара
cmd-editevent = Іс-шараны өзгерту
cmd-cancelevent = Іс-шараны болдырмау
cmd-volunteers = Іс-шараның еріктілері
cmd-attendance = Келгендерді белгілеу

## Іс-шара карточкасы

event-card =
    { $heading }
    { $description }

    🕒 { $when } (Қазақстан уақытымен)
    📍 { $place }
    🗺 { $region }
    👥 { $places }
    ⏳ Жазылу аяқталады: { $deadline }
event-card-heading = 📅 { $title } (№{ $id })
event-card-heading-draft = 📅 { $title }
event-card-started = 🔒 Іс-шара басталып кеткен немесе өтіп кеткен: жазылу жабық.
event-card-deadline-passed = 🔒 Бұл іс-шараға жазылу жабық: мерзімі өтті.
event-join-waiting = ⏳ Күту тізіміне жазылу
event-join-waiting-count = ⏳ Күту тізіміне жазылу (күтуде: { $waiting })
event-places-limited = Толған орындар: { $taken } / { $capacity }
event-places-unlimited = Еріктілер: { $taken } (шектеусіз)
event-waiting-count = Күту тізімінде: { $waiting }
event-republic-wide = Бүкіл республика
event-is-cancelled = ❌ Бұл іс-шара болдырылмады.
event-mine-confirmed = ✅ Сіз жазылғансыз.
event-mine-waiting = ⏳ Сіз күту тізіміндесіз, кезегіңіз — { $position }.
event-volunteer = 🙋 Ерікті ретінде жазылу
event-unvolunteer = Жазылудан бас тарту
event-calendar = 📅 Күнтізбеге қосу
events-none = Қазір өңіріңізде алдағы іс-шаралар жоқ. Жаңасы жарияланғанда хабарлаймын.
event-register-first = Алдымен тіркеліңіз: /start жіберіңіз.

## Жазылу

event-signed-up = Сіз жазылдыңыз! Кездескенше.
event-waiting = Барлық орын толды: сіз күту тізіміндесіз, кезегіңіз — { $position }. Орын босаса, хабарлаймын.
event-already-signed-up = Сіз бұл іс-шараға жазылып қойғансыз.
event-already-waiting = Сіз күту тізімінде тұрсыз, кезегіңіз — { $position }.
event-too-many-signups = Сізде алдағы { $max } жазылу бар — бұл бір адамға рұқсат етілген шек. Бұған жазылу үшін /events ішінде солардың біреуінен бас тартыңыз.
event-signup-cancelled = Жазылудан бас тарттыңыз.
event-not-signed-up = Сіз бұл іс-шараға жазылмағансыз.
event-closed-cancelled = Бұл іс-шара болдырылмады.
event-closed-started = Бұл іс-шара басталып кеткен немесе аяқталған.
event-closed-deadline = Бұл іс-шараға жазылу жабылды.
event-promoted =
    Қуанышты хабар: бір орын босады, енді ол сіздікі!
    📅 { $title }
    🕒 { $when }
    📍 { $place }

## Еске салулар

event-reminder-day-before =
    Ертең: { $title }
    🕒 { $when }
    📍 { $place }

    Жоспар өзгерген жоқ па, келесіз бе?
event-still-coming-yes = Иә, келемін
event-still-coming-no = Жоқ, келе алмаймын
event-see-you = Тамаша, кездескенше!
event-place-freed = Хабарлағаныңызға рақмет: орныңыз күту тізіміндегі адамға берілді.
event-reminder-two-hours =
    Екі сағаттан кейін: { $title }
    🕒 { $when }
    📍 { $place }

## Өзгерістер мен болдырмау: еріктілер алатын хабарлар

event-changed-notice =
    Сіз жазылған іс-шара өзгерді:
    📅 { $title }
    🕒 { $when }
    📍 { $place }
event-cancelled-notice =
    Кешіріңіз: «{ $title }» ({ $when }) іс-шарасы болдырылмады.

## /newevent

event-new-where = Іс-шара қай жерде өтеді? Өңірді немесе бүкіл республиканы таңдаңыз.
event-ask-title = Іс-шара қалай аталады? (120 таңбаға дейін)
event-ask-description = Іс-шараны сипаттаңыз: еріктілер не істейді, өздерімен не алу керек. (1 500 таңбаға дейін)
event-ask-start =
    Қашан басталады? Қазақстан уақытымен, мысалы:
    05.12.2026 15:00 немесе 2026-12-05 15:00 немесе 5/12 15:00
event-ask-end =
    Қашан аяқталады? Уақыты (18:00), күні мен уақыты (05.12.2026 18:00) немесе ұзақтығы (3h, 3 сағ, 90m).
event-ask-place = Қай жерде? Мекенжайды немесе адамдар келетін орынды жазыңыз.
event-ask-capacity = Қанша ерікті керек? Санын жіберіңіз немесе «Шектеусіз» түймесін басыңыз.
event-ask-deadline = Жазылу қашанға дейін ашық? Күні мен уақытын жіберіңіз немесе «Басталғанға дейін» түймесін басыңыз.
event-unlimited = Шектеусіз
event-deadline-at-start = Басталғанға дейін
event-preview = Мүшелер іс-шараны осылай көреді:
event-publish = ✅ Жариялау
event-edit = ✏️ Өзгерту
event-discard = 🗑 Өшіру
event-discarded = Іс-шара өшірілді, ештеңе жарияланған жоқ.
event-edit-which = Нені өзгерткіңіз келеді?
event-field-title = Атауы
event-field-description = Сипаттамасы
event-field-start = Басталуы
event-field-end = Аяқталуы
event-field-place = Орны
event-field-capacity = Орын саны
event-field-deadline = Жазылу мерзімі
event-use-buttons = Алдын ала қараудың астындағы түймелерді пайдаланыңыз: «Жариялау», «Өзгерту» немесе «Өшіру».
event-published = №{ $id } іс-шара жарияланды. Хабарландыру { $count } мүше мен топқа жіберілуде.
event-checkin-qr =
    «{ $title }» іс-шарасына келгенін белгілеу: осы QR-кодты өтетін жерде көрсетіңіз. Еріктілер оны сканерлейді немесе /checkin { $code } жібереді.
    Белгілеудің ашылу уақыты: { $opens }.
    { $link }
event-qr = 📷 QR-код

## Іс-шараны жазғандағы қателер

event-error-empty = Бұл бос болмауы керек.
event-error-too-long = Тым ұзын: { $max } таңбадан аспауы керек.
event-error-text-only = Мәтін жіберіңіз.
event-error-control-character = Мәтінде көрінбейтін басқару таңбасы бар (мысалы, мәтін бағытын өзгертетін белгі). Мәтінді ол таңбасыз қайта жазыңыз.
event-error-time-format = Бұл уақытты түсінбедім. Былай жазыңыз: 05.12.2026 15:00, 2026-12-05 15:00 немесе 5/12 15:00.
event-error-no-such-date = Мұндай күн немесе уақыт жоқ. Күнін, айын және сағатын тексеріңіз.
event-error-past = Бұл уақыт өтіп кетті. Алдағы уақытты көрсетіңіз.
event-error-end-before-start = Аяқталу уақыты басталу уақытынан кейін болуы керек.
event-error-too-long-event = Іс-шара 14 күннен ұзаққа созылмауы керек. Аяқталу уақытын тексеріңіз.
event-error-capacity = Орын санын цифрмен жіберіңіз, мысалы 20, немесе «Шектеусіз» түймесін басыңыз.
event-error-capacity-range = Орын саны 1 мен { $max } аралығында болуы керек.
event-error-capacity-below = { $taken } ерікті расталып қойған: орын саны одан аз бола алмайды.
event-error-deadline-after-start = Жазылу іс-шара басталғаннан кешіктірмей жабылуы керек.

## Іс-шараны басқару

event-pick = Қай іс-шара?
event-none-to-manage = Сізде ағымдағы іс-шаралар жоқ. /newevent арқылы жаңасын жасаңыз.
event-not-found = Сіздің іс-шараларыңыздың арасынан оны таба алмадым. Тізімнен таңдау үшін команданы нөмірсіз жіберіңіз.
event-not-editable = Бұл іс-шараны енді өзгерту мүмкін емес: ол болдырылмаған немесе аяқталған.
event-edit-which-of = «{ $title }» іс-шарасында нені өзгерткіңіз келеді?
event-updated = Сақталды.
event-updated-told = Сақталды. Жазылғандардың барлығына өзгеріс туралы хабарланады.
event-cancel-confirm = «{ $title }» ({ $when }) іс-шарасын болдырмау керек пе? Жазылғандардың барлығына хабарланады.
event-cancel-yes = ❌ Иә, іс-шараны болдырмау
event-cancelled-done = «{ $title }» іс-шарасы болдырылмады. Жазылған { $count } мүшеге хабарланады.

## /volunteers және /attendance

volunteers-title =
    👥 №{ $id } { $title }
    🕒 { $when }
    Расталған: { $taken } / { $capacity } · күтуде: { $waiting } · келгендер: { $present }
volunteers-unanswered = «Келесіз бе?» сұрағына жауап бермегендер: { $count }
volunteers-none = Әзірге ешкім жазылған жоқ.
volunteers-confirmed = расталды
volunteers-waiting = күтуде, кезегі — { $position }
volunteers-cancelled = бас тартты
volunteers-coming = келеді
volunteers-no-answer = әлі жауап бермеді
volunteers-present = келді
volunteers-csv = 📄 CSV
attendance-title =
    Қатысу: { $title }
    🕒 { $when }
    Келгендер: { $total } ішінен { $present }. Белгі қою немесе алып тастау үшін аты-жөнді басыңыз.
attendance-marked = Келді деп белгіленді.
attendance-unmarked = Белгі алынып тасталды.

## Келгенін белгілеу

checkin-how = Іс-шара өтетін жерде көрсетілген кодты жіберіңіз, мысалы: /checkin 1A2B3C4D5E6F7A8B. Немесе QR-кодты сканерлеңіз.
checkin-unknown-code = Бұл кодпен келгеніңізді белгілеу мүмкін емес: код қате немесе сіз бұл іс-шараға жазылмағансыз. Кодты тексеріп, қайталап көріңіз.
checkin-wait = Қате кодтар тым көп. { $seconds } секунд күтіп, қайталап көріңіз.
checkin-too-early = «{ $title }» іс-шарасында белгілеу әлі ашылған жоқ. Ашылу уақыты: { $opens }.
checkin-over = «{ $title }» іс-шарасы аяқталды, белгілеу жабық.
checkin-done = ✅ «{ $title }» іс-шарасына келгеніңіз белгіленді. Ерікті болғаныңызға рақмет!
checkin-already = «{ $title }» іс-шарасына келгеніңіз бұрын белгіленген.
checkin-not-signed-up = Сіз «{ $title }» іс-шарасының расталған еріктісі емессіз. Ұйымдастырушыға хабарласыңыз.

## /my

my-upcoming-title = 🗓 Алдағы іс-шараларыңыз:
my-upcoming-none = әзірге жоқ: /events қараңыз
my-upcoming-line = • { $title } — { $when }, { $place } ({ $status })
my-status-confirmed = расталды
my-status-waiting = күту тізімінде, кезегіңіз — { $position }
my-past = 🏅 Қатысқан іс-шаралар: { $events }, еріктілік сағаттары: { $hours }
my-past-line = • { $title } — { $when } ({ $hours } сағ.)

audit-action-event-published = іс-шара жарияланды
audit-action-event-cancelled = іс-шара болдырылмады

## /message: the event's staff write to its volunteers

cmd-message = Еріктілерге хабарлама
volunteers-message = ✉️ Еріктілерге жазу
event-message-whom = «{ $title }» іс-шарасы туралы хабарламаны кім алады?
event-message-nobody = «{ $title }» іс-шарасына әзірге ешкім жазылмаған: хабарлама жіберетін адам жоқ.
event-message-closed = «{ $title }» іс-шарасы жарияланбаған не болдырылмаған: оның еріктілеріне жазу мүмкін емес.
event-message-to-confirmed = ✅ Орны расталған еріктілер ({ $count })
event-message-to-waiting = ⏳ Күту тізімі ({ $count })
event-message-to-present = 🙋 Келгені белгіленгендер ({ $count })
event-message-audience-confirmed = «{ $title }» іс-шарасының орны расталған еріктілері
event-message-audience-waiting = «{ $title }» іс-шарасының күту тізімі
event-message-audience-present = «{ $title }» іс-шарасына келгені белгіленгендер
audit-action-event-message-sent = іс-шара еріктілеріне хабарлама жіберілді
