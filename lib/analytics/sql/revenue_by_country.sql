SELECT country, revenue, orders
FROM {{mart_revenue_by_country}}
WHERE month = {{month}}
ORDER BY revenue DESC, country
