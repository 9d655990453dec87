## Рөлдер

role-organiser = ұйымдастырушы
role-coordinator = үйлестіруші
role-admin = республикалық штаб әкімшісі
role-in-region = { $role }, { $region }

person-unknown = Бұл адамды таба алмадым. Оның @username атын (ол тіркелген болуы керек) немесе Telegram идентификаторын көрсетіңіз, не болмаса оның хабарламасына жауап беріңіз.
person-missing = Кімге? @username немесе Telegram идентификаторын қосыңыз, не команданы адамның хабарламасына жауап ретінде жіберіңіз.
grant-usage =
    Рөлді қалай беруге болады:
    /grant organiser @username
    /grant coordinator @username KZ-75
    немесе адамның хабарламасына /grant organiser деп жауап беріңіз
grant-need-region = Қай өңірде? Соңына қосыңыз, мысалы: /grant organiser @username KZ-75
grant-self = Өз рөліңізді өзгерте алмайсыз.
grant-done = Дайын: { $person } енді — { $role }.
revoke-none = Бұл адамда алып тастайтын рөл жоқ.
revoke-done = Дайын: { $person } енді { $role } емес.
role-you-got = Сізге қозғалыста рөл берілді: { $role }. Енді не істей алатыныңызды көру үшін /help жіберіңіз.
role-you-lost = Қозғалыс штабындағы рөліңіз алып тасталды. Сіз қозғалыс мүшесі болып қаласыз. Еңбегіңізге рақмет!

invite-usage =
    Шақыру сілтемесін қалай жасауға болады:
    /invite organiser
    /invite coordinator KZ-75
invite-need-region = Қай өңірде? Мысалы: /invite organiser KZ-75
invite-created =
    «{ $role }» рөліне шақыру сілтемесі:
    { $link }

    Бір рет қана жарамды, мерзімі: { $until }. Оны тек арналған адамға ғана жіберіңіз.
invite-accepted = Ұжымға қош келдіңіз! Сіздің рөліңіз: { $role }. Не істей алатыныңызды көру үшін /help жіберіңіз.
invite-accepted-register = Ұжымға қош келдіңіз! Сіздің рөліңіз: { $role }. Қозғалыс мүшесі ретінде де тіркелу үшін /start жіберіңіз.
invite-unknown = Бұл шақыру сілтемесі жарамсыз. Жаңасын сұраңыз.
invite-used = Бұл шақыру сілтемесі бұрын пайдаланылған. Жаңасын сұраңыз.
invite-expired = Бұл шақыру сілтемесінің мерзімі өтіп кеткен. Жаңасын сұраңыз.
invite-void = Бұл шақыру сілтемесі енді жарамсыз: оны жасаған адам бұл рөлді енді бере алмайды. Жаңасын сұраңыз.
invite-keeps-role = Сізде қозғалыста рөл бар: { $role }. Бұл шақыру оны ауыстыра алмайды, сондықтан ештеңе өзгерген жоқ.

## Жастар қанаттары

wings-pick-region = Қай өңірдің жастар қанаттарын көрсету керек?
wings-title = Жастар қанаттары: { $region }
wings-none = Әзірге жастар қанаттары жоқ. Біріншісін төмендегі түймемен қосыңыз.
wings-line = • { $name } — { $count } мүше
wings-archive = Мұрағатқа
wings-keep = Қалдыру
wings-add = ➕ Қанат қосу
wings-ask-name = Жаңа жастар қанатының атауын жазыңыз.
wings-ask-new-name = «{ $name }» үшін жаңа атауды жазыңыз.
wings-archive-question = «{ $name }» мұрағатқа жіберілсін бе? Ол енді мүшелерге ұсынылмайды; оған мүше болғандардың тарихында сақталады.
wings-name-invalid = Қанат атауында кемінде екі әріп болуы керек. Қайта жазыңыз.
wings-name-too-long = Атау тым ұзын: 100 таңбадан аспауы керек. Қайта жазыңыз.
wings-name-control = Қанат атауында көрінбейтін басқару таңбалары болмауы керек. Қайта жазыңыз.
wings-name-taken = Бұл өңірде мұндай атаулы қанат бұрыннан бар. Басқа атау жазыңыз.

## Аудит журналы

audit-title = Аудит журналы, жаңалары басында:
audit-empty = Әзірге ештеңе жазылмаған.
audit-system = жүйе
audit-line = { $when } · { $action } · кім: { $actor } → { $target } · { $region } · { $details }
audit-action-role-granted = рөл берілді
audit-action-role-revoked = рөл алып тасталды
audit-action-invite-created = шақыру жасалды
audit-action-invite-refused = шақыру қабылданбады
audit-action-invites-voided = шақырулар күшін жойды
audit-action-wing-added = қанат қосылды
audit-action-wing-renamed = қанат атауы өзгертілді
audit-action-wing-archived = қанат мұрағатқа жіберілді
audit-action-data-exported = дербес деректер экспортталды
audit-action-member-erased = мүшенің деректері өшірілді
audit-action-other = басқа
