## /stats пен `birlik stats --chart` диаграммалары: не, қай жерде, қашан.

chart-title = { $what } — { $where }, { $period }
chart-period-30d = соңғы 30 күн
chart-period-90d = соңғы 90 күн
chart-period-year = биыл
chart-period-all = барлық уақыт
chart-attended-by-region = Келгендер, өңірлер бойынша
chart-attended-by-month = Келгендер, айлар бойынша
chart-attended-by-wing = Келгендер, жастар қанаттары бойынша
chart-weekly = Жаңа мүшелер мен келгендер, апта сайын
chart-legend-new-members = Жаңа мүшелер
chart-legend-attended = Келгендер
chart-button-weekly = 📈 Апта сайын
chart-button-wings = 📈 Жастар қанаттары
