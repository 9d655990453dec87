## Еженедельная сводка координаторам и администраторам (по понедельникам, 09:00 по Алматы).

cmd-digest = Еженедельная сводка: включить снова
digest-country = Казахстан
digest-title = 📬 Сводка за неделю — { $scope }, { $from }–{ $to }
digest-members-new = 👤 Новых участников: { $count } (неделей раньше: { $before })
digest-events-held = 📅 Проведено мероприятий: { $count } (неделей раньше: { $before })
digest-attendance = ✅ Явка: { $rate } (неделей раньше: { $before })
digest-half-empty = Предстоящие мероприятия, заполненные меньше чем наполовину:
digest-half-empty-event = • { $title }, { $time } — занято мест: { $taken } из { $capacity }
digest-half-empty-none = Мероприятий на ближайшие две недели, заполненных меньше чем наполовину, нет.
digest-quiet-wings = 💤 Крылья без активности 60 дней ({ $count }): { $names }
digest-quiet-wings-more = и ещё { $count }
digest-quiet-wings-none = За последние 60 дней активность была во всех крыльях.
digest-turn-off = 🔕 Отключить сводку
digest-turned-off = Еженедельная сводка отключена. Чтобы снова получать её, отправьте /digest.
digest-turned-on = Еженедельная сводка включена: она приходит по понедельникам в 09:00 по времени Алматы.
digest-not-staff = Еженедельная сводка — для координаторов и администраторов.
