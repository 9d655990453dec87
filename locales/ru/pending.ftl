## /pending: люди, импортированные штабом и ещё не присоединившиеся, и сколько уже присоединилось.

cmd-pending = Импортированные и ещё не присоединившиеся, активация по крыльям
pending-name-region = Укажите регион после команды, например /pending KZ-75.
pending-title = ⏳ Импортированные люди: { $region }
pending-none = Для этого региона ещё никого не импортировали.
pending-pick-wing = Нажмите на крыло, чтобы увидеть тех, кто ещё не присоединился.
pending-wing-button = { $wing } · { $pending }
# Также в /stats: крыло или регион, не присоединились · присоединились · доля.
pending-activation-line = • { $name }: { $pending } · { $activated } · { $rate }
pending-wing-title = ⏳ { $wing }, { $region } — ещё не присоединились: { $count }
pending-wing-empty = В этом крыле никто не ожидает присоединения.
pending-person-line = { $n }. { $name } ({ $birth_year }) · дата импорта: { $date }
pending-remove-button = 🗑 { $name }
pending-remove-question = Удалить данные: { $name } ({ $birth_year }, { $wing })? Личная ссылка перестанет работать. Это нельзя отменить.
pending-remove-yes = 🗑 Удалить
pending-remove-keep = Оставить
pending-removed = Удалено: { $name }.
pending-gone = Данных этого человека уже нет: их удалили или человек уже присоединился.
