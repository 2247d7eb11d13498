-- Revenue of the range by the order's (filled) country, for the recognised orders that pass the filters.
SELECT coalesce(o.country, '??') AS country, sum(o.total) AS revenue, count(*) AS orders
FROM {{fact_orders_enriched}} o
WHERE o.is_recognised AND o.month BETWEEN {{from}} AND {{to}}
  AND ({{country}} IS NULL OR coalesce(o.country, '??') = {{country}})
  AND ({{channel}} IS NULL OR o.channel = {{channel}})
  AND ({{device}} IS NULL OR o.device = {{device}})
  AND ({{category}} IS NULL OR o.order_id IN (
    SELECT i.order_id FROM {{fact_order_items_enriched}} i WHERE i.month BETWEEN {{from}} AND {{to}} AND i.category = {{category}}))
GROUP BY coalesce(o.country, '??')
ORDER BY revenue DESC, country
