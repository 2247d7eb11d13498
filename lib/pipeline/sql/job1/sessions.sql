-- sessions (fact, month of session_start)
CREATE OR REPLACE TEMP TABLE typed_sessions AS
SELECT _rec,
  nz(session_id) AS session_id,
  nz(customer_id) AS customer_id,
  parse_ts(session_start) AS session_start,
  parse_ts(session_end) AS session_end,
  norm_enum(nz(channel)) AS channel,
  norm_enum(nz(device)) AS device,
  upper(nz(country)) AS country,
  nz(landing_page) AS landing_page,
  nz(utm_source) AS utm_source,
  nz(utm_medium) AS utm_medium,
  nz(utm_campaign) AS utm_campaign,
  errors_of([
    chk_required('session_id', session_id),
    chk_required('session_start', session_start), chk_ts('session_start', session_start),
    chk_month('session_start', session_start, {{month}}),
    chk_ts('session_end', session_end),
    CASE WHEN parse_ts(session_end) < parse_ts(session_start)
      THEN 'session_end|order|session_end ' || quote_raw(session_end) || ' is before session_start' END,
    chk_required('channel', channel), chk_enum('channel', channel, channels()),
    chk_required('device', device), chk_enum('device', device, devices()),
    chk_required('country', country), chk_country('country', country)
  ]) AS _errors
FROM src_sessions;
