## Үйлестірушілер мен әкімшілерге апталық шолу (дүйсенбі сайын, Алматы уақытымен 09:00).

cmd-digest = Апталық шолу: қайта қосу
digest-country = Қазақстан
digest-title = 📬 Апталық шолу — { $scope }, { $from }–{ $to }
digest-members-new = 👤 Жаңа мүшелер: { $count } (алдыңғы аптада: { $before })
digest-events-held = 📅 Өткен іс-шаралар: { $count } (алдыңғы аптада: { $before })
digest-attendance = ✅ Келу көрсеткіші: { $rate } (алдыңғы аптада: { $before })
digest-half-empty = Орындарының жартысы да толмаған алдағы іс-шаралар:
digest-half-empty-event = • { $title }, { $time } — толған орындар: { $taken } / { $capacity }
digest-half-empty-none = Алдағы екі аптада орындарының жартысы да толмаған іс-шара жоқ.
digest-quiet-wings = 💤 60 күн бойы белсенділік болмаған қанаттар ({ $count }): { $names }
digest-quiet-wings-more = және тағы { $count }
digest-quiet-wings-none = Соңғы 60 күнде барлық қанаттарда белсенділік болды.
digest-turn-off = 🔕 Шолуды өшіру
digest-turned-off = Апталық шолу өшірілді. Қайта алу үшін /digest жіберіңіз.
digest-turned-on = Апталық шолу қосулы: ол дүйсенбі сайын Алматы уақытымен 09:00-де келеді.
digest-not-staff = Апталық шолу үйлестірушілер мен әкімшілерге арналған.
