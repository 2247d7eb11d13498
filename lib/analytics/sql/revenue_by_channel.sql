SELECT channel, revenue, orders
FROM {{mart_revenue_by_channel}}
WHERE month = {{month}}
ORDER BY revenue DESC, channel
