-- Headline numbers of a month and of the month before (for month-over-month deltas).
SELECT month, revenue, orders, buyers, sessions, browsed, cart, checkout, purchased, reviewed_orders
FROM {{mart_kpis}}
WHERE month IN ({{month}}, {{prev_month}})
