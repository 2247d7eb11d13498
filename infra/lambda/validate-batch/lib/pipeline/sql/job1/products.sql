-- products (dimension); name, category and cost are optional (v2): job 2 reads the gaps, a null cost stays unknown.
CREATE OR REPLACE TEMP TABLE typed_products AS
WITH p AS (
  SELECT *, parse_dec(price) AS p_price, parse_dec(cost) AS p_cost, parse_bool(active) AS p_active
  FROM src_products s
)
, t AS (
SELECT _src,
  nz(product_id) AS product_id,
  nz(name) AS name,
  nz(category) AS category,
  nz(subcategory) AS subcategory,
  nz(brand) AS brand,
  CAST(p_price AS DECIMAL(18, 2)) AS price,
  CAST(p_cost AS DECIMAL(18, 2)) AS cost,
  coalesce(p_active, true) AS active,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN ok_required(product_id) AND ok_required(price) AND
      ok_dec(price, p_price, 0) AND ok_dec(cost, p_cost, 0) AND
      ok_bool(active, p_active)
  THEN NULL ELSE coalesce(
    chk_required('product_id', product_id),
    chk_required('price', price), chk_dec('price', price, p_price, 0),
    chk_dec('cost', cost, p_cost, 0),
    chk_bool('active', active, p_active)
  ) END AS _error,
  -- Money the facts keep to 2 decimals: the first column whose value had more (job 1 warns how many).
  CASE WHEN p_price <> round(p_price, 2) THEN 'price' WHEN p_cost <> round(p_cost, 2) THEN 'cost' END AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
