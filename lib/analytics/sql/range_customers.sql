-- New vs returning buyers per month of the range. A buyer is new in the month of their first
-- recognised order among the loaded months (up to `to`, under the same filters), returning after it.
WITH o AS (
  SELECT o.month, o.customer_id
  FROM {{fact_orders_enriched}} o
  WHERE o.is_recognised AND o.month <= {{to}}
    AND ({{country}} IS NULL OR coalesce(o.country, '??') = {{country}})
    AND ({{channel}} IS NULL OR o.channel = {{channel}})
    AND ({{device}} IS NULL OR o.device = {{device}})
    AND ({{category}} IS NULL OR o.order_id IN (
      SELECT i.order_id FROM {{fact_order_items_enriched}} i WHERE i.month <= {{to}} AND i.category = {{category}}))
),
firsts AS (SELECT customer_id, min(month) AS first_month FROM o GROUP BY customer_id),
buyers AS (
  SELECT DISTINCT o.month, o.customer_id, f.first_month
  FROM o JOIN firsts f ON f.customer_id = o.customer_id
  WHERE o.month >= {{from}}
)
SELECT k.month,
  coalesce(sum(CASE WHEN b.first_month = b.month THEN 1 ELSE 0 END), 0) AS new_buyers,
  coalesce(sum(CASE WHEN b.first_month < b.month THEN 1 ELSE 0 END), 0) AS returning_buyers
FROM {{mart_kpis}} k
LEFT JOIN buyers b ON b.month = k.month
WHERE k.month BETWEEN {{from}} AND {{to}}
GROUP BY k.month
ORDER BY k.month
