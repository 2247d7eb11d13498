-- sessions (fact, month of session_start)
CREATE OR REPLACE TEMP TABLE typed_sessions AS
WITH p AS (
  SELECT *, parse_ts(session_start) AS p_start, parse_ts(session_end) AS p_end,
    fast_enum(channel, channels()) AS n_channel, fast_enum(device, devices()) AS n_device
  FROM src_sessions s
)
, t AS (
SELECT _src,
  nz(session_id) AS session_id,
  nz(customer_id) AS customer_id,
  p_start AS session_start,
  p_end AS session_end,
  n_channel AS channel,
  n_device AS device,
  country_code(country) AS country,
  nz(landing_page) AS landing_page,
  nz(utm_source) AS utm_source,
  nz(utm_medium) AS utm_medium,
  nz(utm_campaign) AS utm_campaign,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN ok_required(session_id) AND ok_required(session_start) AND ok_ts(session_start, p_start) AND
      ok_month(session_start, p_start) AND ok_ts(session_end, p_end) AND
      ok_not_before(session_end, p_end, 'session_start', p_start) AND ok_required(channel) AND
      ok_enum(channel, n_channel, channels()) AND ok_required(device) AND
      ok_enum(device, n_device, devices()) AND ok_required(country) AND ok_country(country)
  THEN NULL ELSE coalesce(
    chk_required('session_id', session_id),
    chk_required('session_start', session_start), chk_ts('session_start', session_start, p_start),
    chk_month('session_start', session_start, p_start),
    chk_ts('session_end', session_end, p_end),
    chk_not_before('session_end', session_end, p_end, 'session_start', p_start),
    chk_required('channel', channel), chk_enum('channel', channel, n_channel, channels()),
    chk_required('device', device), chk_enum('device', device, n_device, devices()),
    chk_required('country', country), chk_country('country', country)
  ) END AS _error,
  CAST(NULL AS VARCHAR) AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
