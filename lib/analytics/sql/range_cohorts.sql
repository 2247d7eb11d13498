-- Monthly cohorts and new vs returning buyers, in one pass over the orders up to `to`: a customer's
-- cohort is the month of their first recognised order among the loaded months (under the filters);
-- for every cohort, the distinct buyers of it in each month of the range (months_after 0 = the
-- cohort's size). Code takes shares and the cohorts starting in the range from these cells, and a
-- month's new buyers (its own cohort) and returning ones (the earlier cohorts) — each buyer of a month
-- is in one cohort, so the cells add up.
WITH o AS (
  SELECT o.month, o.customer_id
  FROM {{fact_orders_enriched}} o
  WHERE o.month <= {{to}}
    AND {{@order_filters lines_from='0000-01'}}
),
firsts AS (SELECT customer_id, min(month) AS cohort FROM o GROUP BY customer_id),
active AS (
  SELECT DISTINCT f.cohort, o.month, o.customer_id
  FROM o JOIN firsts f ON f.customer_id = o.customer_id
  WHERE o.month >= {{from}}
)
SELECT cohort, month,
  (CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER))
    - (CAST(substr(cohort, 1, 4) AS INTEGER) * 12 + CAST(substr(cohort, 6, 2) AS INTEGER)) AS months_after,
  count(*) AS buyers
FROM active
GROUP BY cohort, month
ORDER BY cohort, month
