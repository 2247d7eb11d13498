-- Post-sale: the month's recognised orders with a review in ANY loaded month (reviews arrive weeks after
-- the order, in a later month's partition), and how many loaded months from this one on received a
-- reviews table (none = not available). No row when the month has no data.
SELECT k.month,
  (SELECT count(*) FROM {{fact_orders_enriched}} o
    WHERE o.month = {{month}} AND o.is_recognised
      AND o.order_id IN (SELECT r.order_id FROM {{mart_reviewed_orders}} r)) AS reviewed_orders,
  (SELECT count(*) FROM {{mart_kpis}} m WHERE m.month >= {{month}} AND coalesce(m.has_reviews, TRUE)) AS months_with_reviews
FROM {{mart_kpis}} k
WHERE k.month = {{month}}
