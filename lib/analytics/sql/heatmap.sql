SELECT dow, hour, sessions, orders
FROM {{mart_heatmap}}
WHERE month = {{month}}
ORDER BY dow, hour
