-- order_items (fact, month of its order: the batch month)
CREATE OR REPLACE TEMP TABLE typed_order_items AS
WITH p AS (
  SELECT *, parse_int(quantity) AS p_quantity, parse_dec(unit_price) AS p_price, parse_dec(discount) AS p_discount
  FROM src_order_items s
)
, t AS (
SELECT _src,
  nz(order_item_id) AS order_item_id,
  nz(order_id) AS order_id,
  nz(product_id) AS product_id,
  -- TRY_: an out-of-range value is a rejected row (chk_int), not a failed cast of the whole table.
  TRY_CAST(p_quantity AS INTEGER) AS quantity,
  CAST(p_price AS DECIMAL(18, 2)) AS unit_price,
  CAST(coalesce(p_discount, 0) AS DECIMAL(18, 2)) AS discount,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN ok_required(order_item_id) AND ok_required(order_id) AND ok_required(product_id) AND
      ok_required(quantity) AND ok_int(quantity, p_quantity, 1, 2147483647) AND
      ok_required(unit_price) AND ok_dec(unit_price, p_price, 0) AND ok_dec(discount, p_discount, 0)
  THEN NULL ELSE coalesce(
    chk_required('order_item_id', order_item_id),
    chk_required('order_id', order_id),
    chk_required('product_id', product_id),
    chk_required('quantity', quantity), chk_int('quantity', quantity, p_quantity, 1, 2147483647),
    chk_required('unit_price', unit_price), chk_dec('unit_price', unit_price, p_price, 0),
    chk_dec('discount', discount, p_discount, 0)
  ) END AS _error,
  -- Money the facts keep to 2 decimals: the first column whose value had more (job 1 warns how many).
  CASE WHEN p_price <> round(p_price, 2) THEN 'unit_price' WHEN p_discount <> round(p_discount, 2) THEN 'discount' END AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
