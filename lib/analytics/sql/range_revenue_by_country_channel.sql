-- Revenue of the range by the order's (filled) country and by its channel, for the recognised orders
-- that pass the filters, in one pass over the orders: kind 'country' or 'channel', value its key.
WITH o AS (
  SELECT coalesce(o.country, '??') AS country, o.channel, o.total
  FROM {{fact_orders_enriched}} o
  WHERE o.is_recognised AND o.month BETWEEN {{from}} AND {{to}}
    AND ({{country}} IS NULL OR coalesce(o.country, '??') = {{country}})
    AND ({{channel}} IS NULL OR o.channel = {{channel}})
    AND ({{device}} IS NULL OR o.device = {{device}})
    AND ({{category}} IS NULL OR o.order_id IN (
      SELECT i.order_id FROM {{fact_order_items_enriched}} i WHERE i.month BETWEEN {{from}} AND {{to}} AND i.category = {{category}}))
)
SELECT 'country' AS kind, o.country AS value, sum(o.total) AS revenue, count(*) AS orders
FROM o
GROUP BY o.country
UNION ALL
SELECT 'channel' AS kind, o.channel AS value, sum(o.total) AS revenue, count(*) AS orders
FROM o
GROUP BY o.channel
