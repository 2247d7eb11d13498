-- orders (fact, month of order_ts); country/channel/device (and a missing total) are filled in job 2.
-- _conflict: set by the source of an order-lines file when the lines of one order disagree.
CREATE OR REPLACE TEMP TABLE typed_orders AS
WITH p AS (
  SELECT *, parse_ts(order_ts) AS p_ts,
    CASE WHEN norm_enum(status) = 'canceled' THEN 'cancelled' ELSE fast_enum(status, order_statuses()) END AS n_status,
    fast_enum(channel, channels()) AS n_channel, fast_enum(device, devices()) AS n_device,
    parse_dec(subtotal) AS p_subtotal, parse_dec(discount) AS p_discount, parse_dec(shipping) AS p_shipping,
    parse_dec(tax) AS p_tax, parse_dec(total) AS p_total
  FROM src_orders s
)
, t AS (
SELECT _src,
  nz(order_id) AS order_id,
  nz(customer_id) AS customer_id,
  nz(session_id) AS session_id,
  p_ts AS order_ts,
  n_status AS status,
  coalesce(upper(nz(currency)), 'USD') AS currency,
  CAST(p_subtotal AS DECIMAL(18, 2)) AS subtotal,
  CAST(p_discount AS DECIMAL(18, 2)) AS discount,
  CAST(p_shipping AS DECIMAL(18, 2)) AS shipping,
  CAST(p_tax AS DECIMAL(18, 2)) AS tax,
  CAST(p_total AS DECIMAL(18, 2)) AS total,
  nz(payment_method) AS payment_method,
  country_code(country) AS country,
  n_channel AS channel,
  n_device AS device,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN _conflict IS NULL AND ok_required(order_id) AND ok_required(customer_id) AND ok_required(order_ts) AND
      ok_ts(order_ts, p_ts) AND ok_month(order_ts, p_ts) AND ok_required(status) AND
      ok_enum(status, n_status, order_statuses()) AND ok_currency(currency) AND
      ok_dec(subtotal, p_subtotal, 0) AND ok_dec(discount, p_discount, 0) AND
      ok_dec(shipping, p_shipping, 0) AND ok_dec(tax, p_tax, 0) AND
      ok_dec(total, p_total, 0) AND ok_country(country) AND ok_enum(channel, n_channel, channels()) AND
      ok_enum(device, n_device, devices())
  THEN NULL ELSE coalesce(
    _conflict,
    chk_required('order_id', order_id),
    chk_required('customer_id', customer_id),
    chk_required('order_ts', order_ts), chk_ts('order_ts', order_ts, p_ts),
    chk_month('order_ts', order_ts, p_ts),
    chk_required('status', status), chk_enum('status', status, n_status, order_statuses()),
    chk_currency('currency', currency),
    chk_dec('subtotal', subtotal, p_subtotal, 0), chk_dec('discount', discount, p_discount, 0),
    chk_dec('shipping', shipping, p_shipping, 0), chk_dec('tax', tax, p_tax, 0),
    chk_dec('total', total, p_total, 0),
    chk_country('country', country),
    chk_enum('channel', channel, n_channel, channels()),
    chk_enum('device', device, n_device, devices())
  ) END AS _error,
  -- Money the facts keep to 2 decimals: the first column whose value had more (job 1 warns how many).
  CASE WHEN p_subtotal <> round(p_subtotal, 2) THEN 'subtotal' WHEN p_discount <> round(p_discount, 2) THEN 'discount' WHEN p_shipping <> round(p_shipping, 2) THEN 'shipping' WHEN p_tax <> round(p_tax, 2) THEN 'tax' WHEN p_total <> round(p_total, 2) THEN 'total' END AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
