-- Small marts the dashboards read (definitions: DATA_CONTRACT.md "The numbers").
CREATE OR REPLACE VIEW recognised AS SELECT * FROM fact_orders_enriched WHERE is_recognised;

CREATE OR REPLACE TABLE mart_kpis AS
SELECT
  (SELECT coalesce(sum(total), 0) FROM recognised) AS revenue,
  (SELECT count(*) FROM recognised) AS orders,
  (SELECT count(DISTINCT customer_id) FROM recognised) AS buyers,
  (SELECT count(*) FROM session_steps) AS sessions,
  (SELECT count(*) FILTER (WHERE browsed) FROM session_steps) AS browsed,
  (SELECT count(*) FILTER (WHERE cart) FROM session_steps) AS cart,
  (SELECT count(*) FILTER (WHERE checkout) FROM session_steps) AS checkout,
  (SELECT count(*) FILTER (WHERE purchased) FROM session_steps) AS purchased,
  -- Which tables the month received (the job passes TRUE/FALSE): a number that needs a table the month
  -- never received is "not available", never 0 (DATA_CONTRACT.md "Missing tables").
  {{has_orders}} AS has_orders,
  {{has_order_items}} AS has_order_items,
  {{has_sessions}} AS has_sessions,
  {{has_events}} AS has_events,
  {{has_reviews}} AS has_reviews;

-- The order ids reviewed in this month (reviews are partitioned by review month and arrive weeks after
-- the order): an order month's post-sale share counts these over every loaded month, at query time.
CREATE OR REPLACE TABLE mart_reviewed_orders AS
SELECT DISTINCT order_id FROM p_reviews WHERE order_id IS NOT NULL ORDER BY order_id;

-- Every ISO week (Monday start) touching the month, counting only the month's days.
CREATE OR REPLACE TABLE mart_weekly_revenue AS
WITH weeks AS (
  SELECT DISTINCT CAST(date_trunc('week', d) AS DATE) AS week_start
  FROM range(CAST({{month_start}} AS DATE), CAST({{month_end}} AS DATE), INTERVAL 1 DAY) t(d)
)
SELECT w.week_start,
  strftime(w.week_start, '%G-W%V') AS iso_week,
  coalesce(sum(r.total), 0) AS revenue,
  count(r.order_id) AS orders
FROM weeks w LEFT JOIN recognised r ON r.order_week = w.week_start
GROUP BY ALL ORDER BY w.week_start;

-- Margin only over the lines whose product cost is known (null when none is); sales_with_cost / sales is
-- the margin coverage.
CREATE OR REPLACE TABLE mart_category_sales AS
SELECT category, CAST(sum(quantity) AS BIGINT) AS units, sum(line_sales) AS sales,
  coalesce(sum(line_sales) FILTER (WHERE unit_cost IS NOT NULL), 0) AS sales_with_cost,
  sum(line_margin) AS margin
FROM fact_order_items_enriched WHERE is_recognised
GROUP BY category ORDER BY sales DESC;

CREATE OR REPLACE TABLE mart_revenue_by_country AS
SELECT coalesce(country, '??') AS country, sum(total) AS revenue, count(*) AS orders
FROM recognised GROUP BY ALL ORDER BY revenue DESC;

CREATE OR REPLACE TABLE mart_revenue_by_channel AS
SELECT channel, sum(total) AS revenue, count(*) AS orders
FROM recognised GROUP BY ALL ORDER BY revenue DESC;

-- All 7 × 24 cells, Monday = 1 … Sunday = 7, hours 0..23 local time.
CREATE OR REPLACE TABLE mart_heatmap AS
WITH grid AS (SELECT d AS dow, h AS hour FROM range(1, 8) a(d), range(0, 24) b(h)),
s AS (SELECT dow, hour, count(*) AS n FROM session_steps GROUP BY ALL),
o AS (SELECT order_dow AS dow, order_hour AS hour, count(*) AS n FROM recognised GROUP BY ALL)
SELECT CAST(g.dow AS INTEGER) AS dow, CAST(g.hour AS INTEGER) AS hour,
  coalesce(s.n, 0) AS sessions, coalesce(o.n, 0) AS orders
FROM grid g LEFT JOIN s USING (dow, hour) LEFT JOIN o USING (dow, hour)
ORDER BY dow, hour;

-- Orphans: facts whose parent is not known (kept in the enriched tables, counted here).
CREATE OR REPLACE TABLE orphan_counts AS
SELECT 'order_items' AS "table", count(*) FILTER (WHERE NOT order_found OR NOT product_found) AS orphans FROM fact_order_items_enriched
UNION ALL SELECT 'orders', count(*) FILTER (WHERE NOT customer_found) FROM fact_orders_enriched
UNION ALL SELECT 'events', coalesce(sum(es.events) FILTER (WHERE s.session_id IS NULL), 0)
  FROM event_sessions es LEFT JOIN p_sessions s ON s.session_id = es.session_id
UNION ALL SELECT 'reviews', count(*) FILTER (WHERE order_id IS NOT NULL AND order_id NOT IN (SELECT order_id FROM p_orders_all)) FROM p_reviews;
