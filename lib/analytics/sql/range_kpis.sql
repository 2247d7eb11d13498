-- Per loaded month of the range: revenue, orders and buyers of the recognised orders that pass the
-- filters (range_*; a loaded month with none answers zeros), and the month's mart row with the tables
-- it received (has_*; every column, as kpis.sql, since older lakes lack the newer flags).
-- Filters are literals or NULL (= all); category keeps the orders with at least one line of it.
WITH o AS (
  SELECT o.month, o.customer_id, o.total
  FROM {{fact_orders_enriched}} o
  WHERE o.month BETWEEN {{from}} AND {{to}}
    AND {{@order_filters lines_from=from}}
),
agg AS (
  SELECT month, sum(total) AS revenue, count(*) AS orders, count(DISTINCT customer_id) AS buyers FROM o GROUP BY month
)
SELECT k.*, coalesce(a.revenue, 0) AS range_revenue, coalesce(a.orders, 0) AS range_orders, coalesce(a.buyers, 0) AS range_buyers
FROM {{mart_kpis}} k
LEFT JOIN agg a ON a.month = k.month
WHERE k.month BETWEEN {{from}} AND {{to}}
ORDER BY k.month
