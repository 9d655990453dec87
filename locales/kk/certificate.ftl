## Еріктілік сағаттары туралы сертификат (/certificate) және оны тексеру (/verify)

cmd-certificate = Еріктілік сағаттарымның сертификаты
cmd-verify = Сертификатты тексеру
certificate-nothing-yet = Сіздің әлі бірде-бір іс-шараға келгеніңіз белгіленбеген, сондықтан растайтын сағат жоқ. Іс-шараға ерікті ретінде жазылып (/events), сол жерде келгеніңізді белгілеңіз: оның сағаттары есептеледі.
certificate-caption = 📄 Еріктілік сағаттарыңыздың сертификаты. Оның коды: { $code }. Кез келген адам оны /verify { $code } командасымен немесе QR-код арқылы тексере алады.
certificate-movement = Қазақстан халқы Ассамблеясының жастар қозғалысы
certificate-heading = Еріктілік сағаттары туралы сертификат
certificate-intro = қозғалыстың мына іс-шараларына ерікті ретінде қатысты:
certificate-column-event = Іс-шара
certificate-column-date = Күні
certificate-column-hours = Сағат
certificate-row-hours = { $hours } сағ.
certificate-total = Барлығы: { $events } іс-шара, еріктілік жұмысының { $hours } сағ.
certificate-period = Кезең: { $from } – { $to }
certificate-issued = Берілген күні: { $date }
certificate-code = Тексеру коды: { $code }
certificate-verify-hint = Сертификаттың түпнұсқа екенін тексеру үшін QR-кодты сканерлеңіз немесе Telegram-да @{ $bot } ботына /verify { $code } жіберіңіз.
verify-usage = Сертификатта басылған кодты былай жіберіңіз: /verify КОД. Немесе сертификаттың QR-кодын сканерлеңіз.
verify-genuine =
    ✅ Сертификат түпнұсқа. Онда көрсетілгені:

    Иесі: { $name }
    Қатысқан іс-шаралар: { $events }
    Еріктілік сағаттары: { $hours }
    Кезең: { $from } – { $to }
    Берілген күні: { $issued }
    Код: { $code }
verify-not-genuine = ❌ Бұл кодпен жарамды сертификат жоқ. Код қате терілген болуы мүмкін немесе сертификаттың күші жойылған.
