-- The range as one period: revenue and orders summed, buyers distinct over the whole range (a customer
-- buying in three months counts once), for the recognised orders that pass the filters; and the
-- currencies those orders are in (sums are never converted: the page says when they are mixed).
SELECT coalesce(sum(o.total), 0) AS revenue, count(*) AS orders, count(DISTINCT o.customer_id) AS buyers,
  count(DISTINCT o.currency) AS currencies, min(o.currency) AS first_currency, max(o.currency) AS last_currency
FROM {{fact_orders_enriched}} o
WHERE o.month BETWEEN {{from}} AND {{to}}
  AND {{@order_filters lines_from=from}}
