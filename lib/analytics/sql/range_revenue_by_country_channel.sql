-- Revenue of the range by the order's (filled) country and by its channel, for the recognised orders
-- that pass the filters, in one pass over the orders: kind 'country' or 'channel', value its key.
WITH o AS (
  SELECT coalesce(o.country, '??') AS country, o.channel, o.total
  FROM {{fact_orders_enriched}} o
  WHERE o.month BETWEEN {{from}} AND {{to}}
    AND {{@order_filters lines_from=from}}
)
SELECT 'country' AS kind, o.country AS value, sum(o.total) AS revenue, count(*) AS orders
FROM o
GROUP BY o.country
UNION ALL
SELECT 'channel' AS kind, o.channel AS value, sum(o.total) AS revenue, count(*) AS orders
FROM o
GROUP BY o.channel
