-- Job 2, processed → curated, part 1: the business time and the events view. Definitions only, so the
-- runner can start writing events_enriched (the month's largest table) while enrich.sql builds the rest.
-- Inputs (views made by the runner): p_<table> = the month's processed rows, p_customers_all /
-- p_products_all / p_orders_all = every month. Left joins only: no fact disappears.
-- Local time = the session TimeZone (the business time zone); TIMESTAMPTZ → TIMESTAMP converts to it.
-- Objects are plain, not TEMP: the job's in-memory database is its own, and a second connection writes
-- events_enriched while the first writes everything else.

-- That conversion (ICU, per value) was the costliest part of this job, so it runs once per UTC minute
-- of the month (two days of margin each side) and rows look their minute's offset up. Every real time
-- zone changes offset on a whole minute. An instant outside the table falls back to the conversion.
CREATE OR REPLACE TABLE tz_minutes AS
SELECT m AS utc_minute, epoch_us(CAST(to_timestamp(m * 60) AS TIMESTAMP)) - m * 60000000 AS offset_us
FROM range(CAST(epoch(CAST({{month_start}} AS TIMESTAMP)) / 60 AS BIGINT) - 2880,
           CAST(epoch(CAST({{month_end}} AS TIMESTAMP)) / 60 AS BIGINT) + 2880) t(m);
CREATE OR REPLACE MACRO utc_minute(ts) AS epoch_us(ts) // 60000000;
CREATE OR REPLACE MACRO local_time(ts, offset_us) AS coalesce(make_timestamp(epoch_us(ts) + offset_us), CAST(ts AS TIMESTAMP));

-- Funnel step of an event (DATA_CONTRACT.md): browse 2, cart 3, checkout 4, purchase 5.
CREATE OR REPLACE MACRO funnel_step(event_type) AS CASE event_type WHEN 'page_view' THEN 2 WHEN 'product_view' THEN 2
  WHEN 'add_to_cart' THEN 3 WHEN 'begin_checkout' THEN 4 WHEN 'purchase' THEN 5 END;

-- A view, not a table: the month's largest relation is computed once, while it is written to curated.
-- events_enriched_part(k, n) is the part of it whose session id hashes to k of n: each part joins the
-- events of 1/n of the sessions, so a month whose sessions' hash table would pass the memory limit is
-- written in n passes instead of one join that spills (n = 1 reads every row: `1 = 1` folds to true).
CREATE OR REPLACE MACRO events_enriched_part(k, n) AS TABLE
SELECT
  e.event_id, e.session_id, e.event_ts,
  e.local_ts AS event_ts_local,
  CAST(isodow(e.local_ts) AS INTEGER) AS event_dow,
  CAST(hour(e.local_ts) AS INTEGER) AS event_hour,
  e.event_type,
  funnel_step(e.event_type) AS funnel_step,
  e.product_id, e.order_id,
  s.channel, s.device, s.country, s.customer_id,
  s.session_id IS NOT NULL AS session_found
-- Page URLs and batch ids stay in processed/events: the widest columns cost the most to write.
FROM (SELECT p.*, local_time(p.event_ts, z.offset_us) AS local_ts FROM p_events p LEFT JOIN tz_minutes z ON z.utc_minute = utc_minute(p.event_ts)
      WHERE n = 1 OR hash(p.session_id) % n = k) e
LEFT JOIN (SELECT * FROM p_sessions WHERE n = 1 OR hash(session_id) % n = k) s ON s.session_id = e.session_id;
CREATE OR REPLACE VIEW events_enriched AS SELECT * FROM events_enriched_part(0, 1);
