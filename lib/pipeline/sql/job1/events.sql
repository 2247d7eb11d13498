-- events (fact, month of event_ts)
CREATE OR REPLACE TEMP TABLE typed_events AS
SELECT _rec,
  nz(event_id) AS event_id,
  nz(session_id) AS session_id,
  parse_ts(event_ts) AS event_ts,
  norm_enum(nz(event_type)) AS event_type,
  nz(product_id) AS product_id,
  nz(order_id) AS order_id,
  nz(page_url) AS page_url,
  errors_of([
    chk_required('event_id', event_id),
    chk_required('session_id', session_id),
    chk_required('event_ts', event_ts), chk_ts('event_ts', event_ts),
    chk_month('event_ts', event_ts, {{month}}),
    chk_required('event_type', event_type), chk_enum('event_type', event_type, event_types())
  ]) AS _errors
FROM src_events;
