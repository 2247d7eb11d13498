-- Job 3 target: the `analytics` schema of the app database (PostgreSQL / RDS / PGlite). Each table
-- holds every loaded month; a run replaces its month in one transaction.
CREATE SCHEMA IF NOT EXISTS analytics;

-- The run each month's published data comes from (the dashboards' "data as of"); job 3 writes it in the
-- transaction that loads the month.
CREATE TABLE IF NOT EXISTS analytics.published_month (
  month text PRIMARY KEY, run_name text NOT NULL, batch_id text NOT NULL, published_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS analytics.fact_orders_enriched (
  month text NOT NULL,
  order_id text NOT NULL, customer_id text, session_id text,
  order_ts timestamptz, order_ts_local timestamp, order_date date, order_week date, order_dow integer, order_hour integer,
  status text, is_recognised boolean, currency text,
  subtotal numeric(18, 2), discount numeric(18, 2), shipping numeric(18, 2), tax numeric(18, 2), total numeric(18, 2),
  payment_method text, country text, channel text, device text,
  customer_segment text, customer_country text, customer_acquisition_channel text, customer_signup_ts timestamptz,
  is_new_customer boolean, customer_found boolean, session_found boolean, _batch_id text
);
-- No index on the facts: index upkeep doubles the COPY time, keys are unique per month by job 1, and
-- the monthly DELETE is a sequential scan either way. Add indexes for ad-hoc use after loading.

CREATE TABLE IF NOT EXISTS analytics.fact_order_items_enriched (
  month text NOT NULL,
  order_item_id text NOT NULL, order_id text, product_id text, quantity integer,
  unit_price numeric(18, 2), discount numeric(18, 2), line_sales numeric(18, 4), line_cost numeric(18, 4), line_margin numeric(18, 4),
  category text, subcategory text, brand text, product_name text, unit_cost numeric(18, 2),
  order_ts timestamptz, order_date date, status text, is_recognised boolean, country text, channel text, device text,
  order_found boolean, product_found boolean, _batch_id text
);


CREATE TABLE IF NOT EXISTS analytics.mart_kpis (
  month text PRIMARY KEY, revenue numeric(18, 2), orders bigint, buyers bigint, sessions bigint, browsed bigint,
  cart bigint, checkout bigint, purchased bigint, has_sessions boolean, has_events boolean, has_reviews boolean,
  has_orders boolean, has_order_items boolean
);
-- Contract v2: which tables the month received; the post-sale share is computed across months from
-- mart_reviewed_orders, so the month-only reviewed_orders count is gone.
ALTER TABLE analytics.mart_kpis ADD COLUMN IF NOT EXISTS has_sessions boolean;
ALTER TABLE analytics.mart_kpis ADD COLUMN IF NOT EXISTS has_events boolean;
ALTER TABLE analytics.mart_kpis ADD COLUMN IF NOT EXISTS has_reviews boolean;
ALTER TABLE analytics.mart_kpis DROP COLUMN IF EXISTS reviewed_orders;
-- A month may come without orders (a batch of sessions and events alone): its revenue is not available.
ALTER TABLE analytics.mart_kpis ADD COLUMN IF NOT EXISTS has_orders boolean;
ALTER TABLE analytics.mart_kpis ADD COLUMN IF NOT EXISTS has_order_items boolean;
CREATE TABLE IF NOT EXISTS analytics.mart_weekly_revenue (
  month text NOT NULL, week_start date NOT NULL, iso_week text, revenue numeric(18, 2), orders bigint, PRIMARY KEY (month, week_start)
);
CREATE TABLE IF NOT EXISTS analytics.mart_category_sales (
  month text NOT NULL, category text NOT NULL, units bigint, sales numeric(18, 4), sales_with_cost numeric(18, 4), margin numeric(18, 4),
  PRIMARY KEY (month, category)
);
-- Contract v2: margin only over lines with a known cost (null when none); coverage = sales_with_cost / sales.
ALTER TABLE analytics.mart_category_sales ADD COLUMN IF NOT EXISTS sales_with_cost numeric(18, 4);
CREATE TABLE IF NOT EXISTS analytics.mart_revenue_by_country (
  month text NOT NULL, country text NOT NULL, revenue numeric(18, 2), orders bigint, PRIMARY KEY (month, country)
);
CREATE TABLE IF NOT EXISTS analytics.mart_revenue_by_channel (
  month text NOT NULL, channel text NOT NULL, revenue numeric(18, 2), orders bigint, PRIMARY KEY (month, channel)
);
CREATE TABLE IF NOT EXISTS analytics.mart_heatmap (
  month text NOT NULL, dow integer NOT NULL, hour integer NOT NULL, sessions bigint, orders bigint, PRIMARY KEY (month, dow, hour)
);
-- The order ids reviewed in a month (the month of the review): the post-sale share of an order month
-- counts them over every loaded month.
CREATE TABLE IF NOT EXISTS analytics.mart_reviewed_orders (
  month text NOT NULL, order_id text NOT NULL, PRIMARY KEY (month, order_id)
);
