-- The range as one period: revenue and orders summed, buyers distinct over the whole range (a customer
-- buying in three months counts once), for the recognised orders that pass the filters.
SELECT coalesce(sum(o.total), 0) AS revenue, count(*) AS orders, count(DISTINCT o.customer_id) AS buyers
FROM {{fact_orders_enriched}} o
WHERE o.is_recognised AND o.month BETWEEN {{from}} AND {{to}}
  AND ({{country}} IS NULL OR coalesce(o.country, '??') = {{country}})
  AND ({{channel}} IS NULL OR o.channel = {{channel}})
  AND ({{device}} IS NULL OR o.device = {{device}})
  AND ({{category}} IS NULL OR o.order_id IN (
    SELECT i.order_id FROM {{fact_order_items_enriched}} i WHERE i.month BETWEEN {{from}} AND {{to}} AND i.category = {{category}}))
