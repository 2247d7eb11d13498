SELECT CAST(week_start AS VARCHAR) AS week_start, iso_week, revenue, orders
FROM {{mart_weekly_revenue}}
WHERE month = {{month}}
ORDER BY week_start
