-- The range as one period: revenue and orders summed, buyers distinct over the whole range (a customer
-- buying in three months counts once), for the recognised orders that pass the filters.
SELECT coalesce(sum(o.total), 0) AS revenue, count(*) AS orders, count(DISTINCT o.customer_id) AS buyers
FROM {{fact_orders_enriched}} o
WHERE o.month BETWEEN {{from}} AND {{to}}
  AND {{@order_filters lines_from=from}}
