## Charts of /stats and of `birlik stats --chart`: what, where, when.

chart-title = { $what } — { $where }, { $period }
chart-period-30d = last 30 days
chart-period-90d = last 90 days
chart-period-year = this year
chart-period-all = all time
chart-attended-by-region = Attended, by region
chart-attended-by-month = Attended, by month
chart-attended-by-wing = Attended, by youth wing
chart-weekly = New members and attendances, week by week
chart-legend-new-members = New members
chart-legend-attended = Attended
chart-button-weekly = 📈 Week by week
chart-button-wings = 📈 Youth wings
