## /import и `birlik import`: файл с людьми проверяется, прежде чем что-либо сохранить.

import-column-full-name = ФИО
import-column-birth-year = Год рождения
import-column-wing = Крыло
import-column-phone = Телефон
import-column-language = Язык

import-summary =
    Пробная проверка файла, регион: { $region }
    Прочитано строк: { $rows }
    Готовы к импорту: { $good }
    С ошибками: { $bad }
    Повторы внутри файла: { $duplicates }
    Уже зарегистрированы: { $registered }
    Уже импортированы, ещё не вступили: { $pending }
import-nothing-stored = Пока ничего не сохранено.
import-problems-header = Ошибки:
import-problem-line = Строка { $row }: { $reason }

import-reason-name-empty = не указано ФИО
import-reason-name-too-short = ФИО слишком короткое
import-reason-name-too-long = ФИО слишком длинное
import-reason-name-character = в ФИО есть «{ $character }», а это не буква
import-reason-year-not-a-year = год рождения «{ $value }» записан не четырьмя цифрами
import-reason-year-too-old = год рождения { $value }: в движении те, кто родился в { $earliest_year } году или позже
import-reason-year-too-young = год рождения { $value }: в движении те, кто родился в { $latest_year } году или раньше
import-reason-no-wing = не указано крыло
import-reason-unknown-wing = в регионе { $region } нет крыла «{ $wing }»
import-reason-phone = «{ $value }» — не номер телефона
import-reason-language = язык «{ $value }» — не kk, ru и не en
import-reason-duplicate = тот же человек, что в строке { $row }
import-reason-registered = уже есть среди участников региона { $region }
import-reason-pending = уже импортирован раньше и ещё не вступил

import-file-unreadable = Файл не удалось прочитать. Пришлите книгу .xlsx или файл CSV в кодировке UTF-8.
import-file-empty = В файле нет строк.
import-missing-columns = В первой строке файла должны быть названия столбцов. Не найдено: { $columns }. Названия понимаются на казахском, русском или английском, например «Аты-жөні», «ФИО» или “Full name”.

cmd-import = Проверить файл с людьми перед импортом (.xlsx, .csv)
import-name-region = Укажите регион после команды, например /import KZ-75.
import-send-file = Пришлите файл с людьми для региона { $region } документом: книгу .xlsx или файл CSV, в первой строке которого названия столбцов (ФИО, год рождения, крыло, а по желанию телефон и язык). Сначала я проверю каждую строку; ничего не сохранится, пока вы не нажмёте «Импортировать».
import-expecting-file = Пришлите файл документом (.xlsx или .csv) или нажмите /cancel.
import-wrong-type = Проверить можно только файлы .xlsx и .csv. Сохраните список в одном из этих форматов и пришлите снова.
import-too-large = Файл слишком большой: не больше { $megabytes } МБ.
import-problems-in-file = Ошибки по строкам — в приложенном файле.
import-csv-row = Строка
import-csv-problem = Ошибка
audit-action-people-imported = импортирован список людей
audit-action-pending-removed = удалены данные ожидающего человека
audit-action-pending-expired = удалены ожидающие люди с истёкшим сроком

## После проверки: верные строки сохраняются как ожидающие люди, с личными ссылками.
import-press-to-store = Нажмите «Импортировать», чтобы сохранить верные строки как ожидающих: каждый получит личную ссылку для вступления. Ожидающие — ещё не участники, и бот ничего им не пишет, пока они не вступят сами.
import-button-store = { $count ->
    [one] ✅ Импортировать { $count } человека
   *[other] ✅ Импортировать { $count } человек
}
import-button-cancel = ✖ Отмена
import-storing = Импортирую…
import-cancelled = Импорт отменён: ничего не сохранено.
import-stale = Эта проверка больше не действует. Пришлите файл снова через /import.
import-done =
    Импортировано в регион { $region } как ожидающие: { $people }. Участником каждый станет, только открыв свою личную ссылку и зарегистрировавшись сам; данные тех, кто не вступит за { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }, удаляются.
    Не импортировано строк: { $left }.
    Ниже ссылки: CSV со всеми и лист для печати на каждое крыло.
import-already-done = Этот файл уже импортирован (людей: { $people }). Ещё не вступили: { $pending }, их ссылки ниже.
import-nothing-left = Импортировать некого: в файле не осталось верных строк (кто-то мог за это время зарегистрироваться). Ничего не сохранено.
import-links-csv-caption = Личные ссылки всех импортированных, по крыльям.
import-links-sheet-caption = { $wing }: карточек для печати и разрезания — { $people }.
import-csv-wing = Крыло
import-csv-full-name = ФИО
import-csv-birth-year = Год рождения
import-csv-link = Личная ссылка
import-sheet-title = { $wing } — { $region }: личные ссылки для вступления в Birlik
import-sheet-hint = Отсканируйте код или откройте ссылку, чтобы вступить в Birlik: свои данные вы проверите и согласие дадите сами.
