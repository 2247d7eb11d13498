-- orders (fact, month of order_ts); country/channel/device are filled from customer/session in job 2.
CREATE OR REPLACE TEMP TABLE typed_orders AS
SELECT _rec,
  nz(order_id) AS order_id,
  nz(customer_id) AS customer_id,
  nz(session_id) AS session_id,
  parse_ts(order_ts) AS order_ts,
  replace(norm_enum(nz(status)), 'canceled', 'cancelled') AS status,
  coalesce(upper(nz(currency)), 'USD') AS currency,
  CAST(parse_dec(subtotal) AS DECIMAL(18, 2)) AS subtotal,
  CAST(parse_dec(discount) AS DECIMAL(18, 2)) AS discount,
  CAST(parse_dec(shipping) AS DECIMAL(18, 2)) AS shipping,
  CAST(parse_dec(tax) AS DECIMAL(18, 2)) AS tax,
  CAST(parse_dec(total) AS DECIMAL(18, 2)) AS total,
  nz(payment_method) AS payment_method,
  upper(nz(country)) AS country,
  norm_enum(nz(channel)) AS channel,
  norm_enum(nz(device)) AS device,
  errors_of([
    chk_required('order_id', order_id),
    chk_required('customer_id', customer_id),
    chk_required('order_ts', order_ts), chk_ts('order_ts', order_ts),
    chk_month('order_ts', order_ts, {{month}}),
    chk_required('status', status), chk_enum('status', status, order_statuses()),
    chk_currency('currency', currency),
    chk_dec('subtotal', subtotal, 0), chk_dec('discount', discount, 0),
    chk_dec('shipping', shipping, 0), chk_dec('tax', tax, 0),
    chk_required('total', total), chk_dec('total', total, 0),
    chk_country('country', country),
    chk_enum('channel', channel, channels()),
    chk_enum('device', device, devices())
  ]) AS _errors
FROM src_orders;
