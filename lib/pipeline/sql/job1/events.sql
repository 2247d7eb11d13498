-- events (fact, month of event_ts)
CREATE OR REPLACE TEMP TABLE typed_events AS
WITH p AS (
  SELECT *, parse_ts(event_ts) AS p_ts, fast_enum(event_type, event_types()) AS n_type
  FROM src_events s
)
, t AS (
SELECT _src,
  nz(event_id) AS event_id,
  nz(session_id) AS session_id,
  p_ts AS event_ts,
  n_type AS event_type,
  nz(product_id) AS product_id,
  nz(order_id) AS order_id,
  nz(page_url) AS page_url,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN ok_required(event_id) AND ok_required(session_id) AND ok_required(event_ts) AND
      ok_ts(event_ts, p_ts) AND ok_month(event_ts, p_ts) AND ok_required(event_type) AND
      ok_enum(event_type, n_type, event_types())
  THEN NULL ELSE coalesce(
    chk_required('event_id', event_id),
    chk_required('session_id', session_id),
    chk_required('event_ts', event_ts), chk_ts('event_ts', event_ts, p_ts),
    chk_month('event_ts', event_ts, p_ts),
    chk_required('event_type', event_type), chk_enum('event_type', event_type, n_type, event_types())
  ) END AS _error,
  CAST(NULL AS VARCHAR) AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
