-- Headline numbers of a month and of the month before (for month-over-month deltas), and which tables
-- the month received (null on months curated before the flags existed).
SELECT month, revenue, orders, buyers, sessions, browsed, cart, checkout, purchased, has_sessions, has_events, has_reviews
FROM {{mart_kpis}}
WHERE month IN ({{month}}, {{prev_month}})
