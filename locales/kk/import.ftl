## /import және `birlik import`: адамдар тізімі бар файл ештеңе сақталмай тұрып тексеріледі.

import-column-full-name = Аты-жөні
import-column-birth-year = Туған жылы
import-column-wing = Қанат
import-column-phone = Телефон
import-column-language = Тіл

import-summary =
    Файлды алдын ала тексеру, өңір: { $region }
    Оқылған жолдар: { $rows }
    Импорттауға дайын: { $good }
    Қатесі барлар: { $bad }
    Файл ішінде қайталанғандар: { $duplicates }
    Бұрыннан тіркелгендер: { $registered }
    Бұрын импортталған, әлі қосылмағандар: { $pending }
import-nothing-stored = Әзірге ештеңе сақталған жоқ.
import-problems-header = Қателер:
import-problem-line = { $row }-жол: { $reason }

import-reason-name-empty = аты-жөні жазылмаған
import-reason-name-too-short = аты-жөні тым қысқа
import-reason-name-too-long = аты-жөні тым ұзын
import-reason-name-character = аты-жөнінде әріп емес «{ $character }» таңбасы бар
import-reason-year-not-a-year = туған жылы «{ $value }» төрт цифрмен жазылмаған
import-reason-year-too-old = туған жылы { $value }: қозғалысқа { $earliest_year } жылы немесе одан кейін туғандар қабылданады
import-reason-year-too-young = туған жылы { $value }: қозғалысқа { $latest_year } жылы немесе одан бұрын туғандар қабылданады
import-reason-no-wing = қанат жазылмаған
import-reason-unknown-wing = { $region } өңірінде «{ $wing }» қанаты жоқ
import-reason-phone = «{ $value }» телефон нөмірі емес
import-reason-language = «{ $value }» тілі kk, ru немесе en емес
import-reason-duplicate = { $row }-жолдағы адаммен бірдей
import-reason-registered = { $region } өңірінің мүшелері арасында бар
import-reason-pending = бұрын импортталған, әлі қосылмаған

import-file-unreadable = Файлды оқу мүмкін болмады. .xlsx кітабын немесе UTF-8 кодтауында сақталған CSV файлын жіберіңіз.
import-file-empty = Файлда жолдар жоқ.
import-missing-columns = Файлдың бірінші жолында бағандардың атаулары болуы керек. Табылмағаны: { $columns }. Атаулар қазақ, орыс немесе ағылшын тілінде танылады, мысалы «Аты-жөні», «ФИО» немесе “Full name”.

cmd-import = Адамдар тізімі бар файлды импорттау алдында тексеру (.xlsx, .csv)
import-name-region = Командадан кейін өңірді жазыңыз, мысалы /import KZ-75.
import-send-file = Өңір: { $region }. Адамдар тізімі бар файлды құжат ретінде жіберіңіз: .xlsx кітабы немесе CSV файлы, бірінші жолында бағандардың атаулары болсын (аты-жөні, туған жылы, қанат, қаласаңыз телефон мен тіл). Алдымен әр жолды тексеремін; «Импорттау» түймесін баспайынша ештеңе сақталмайды.
import-expecting-file = Файлды құжат ретінде жіберіңіз (.xlsx немесе .csv) не /cancel басыңыз.
import-wrong-type = Тек .xlsx және .csv файлдарын тексеруге болады. Тізімді осы форматтардың бірінде сақтап, қайта жіберіңіз.
import-too-large = Файл тым үлкен: ең көбі { $megabytes } МБ.
import-problems-in-file = Қателер жол-жолымен тіркелген файлда.
import-csv-row = Жол
import-csv-problem = Қате
audit-action-people-imported = тізім импортталды
audit-action-pending-removed = күтудегі адамның деректері жойылды
audit-action-pending-expired = мерзімі өткен күтудегі адамдар жойылды

## Тексерістен кейін: дұрыс жолдар күтудегі адамдар ретінде жеке сілтемелерімен сақталады.
import-press-to-store = Дұрыс жолдарды күтудегі адамдар ретінде сақтау үшін «Импорттау» түймесін басыңыз: әрқайсысы қосылуға арналған жеке сілтеме алады. Күтудегі адамдар әлі мүше емес, өздері қосылмайынша бот оларға ештеңе жазбайды.
import-button-store = ✅ { $count } адамды импорттау
import-button-cancel = ✖ Бас тарту
import-storing = Импорттап жатырмын…
import-cancelled = Импорттаудан бас тартылды: ештеңе сақталған жоқ.
import-stale = Бұл тексеру енді жарамсыз. Файлды /import арқылы қайта жіберіңіз.
import-done =
    { $region } өңіріне импортталды: { $people } адам, енді олар күтуде. Әрқайсысы жеке сілтемесін ашып, өзі тіркелгенде ғана мүше болады; { $days } күн ішінде қосылмағандардың деректері жойылады.
    Импортталмаған жолдар: { $left }.
    Сілтемелер төменде: барлығының CSV файлы және әр қанатқа басып шығаратын парақ.
import-already-done = Бұл файл бұрын импортталған: { $people } адам. Әлі қосылмағандар: { $pending }, олардың сілтемелері төменде.
import-nothing-left = Импорттайтын ешкім қалмады: файлда дұрыс жол жоқ (кейбірі осы уақытта тіркелген болуы мүмкін). Ештеңе сақталған жоқ.
import-links-csv-caption = Импортталғандардың бәрінің жеке сілтемелері, қанаттар бойынша.
import-links-sheet-caption = { $wing }: басып шығарып, қиып алатын { $people } карточка.
import-csv-wing = Қанат
import-csv-full-name = Аты-жөні
import-csv-birth-year = Туған жылы
import-csv-link = Жеке сілтеме
import-sheet-title = { $wing } — { $region }: Birlik қозғалысына қосылуға арналған жеке сілтемелер
import-sheet-hint = Birlik қозғалысына қосылу үшін кодты сканерлеңіз немесе сілтемені ашыңыз: деректеріңізді өзіңіз тексеріп, келісіміңізді өзіңіз бересіз.
