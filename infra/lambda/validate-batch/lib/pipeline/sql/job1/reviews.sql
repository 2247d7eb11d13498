-- reviews (fact, month of review_ts); title/comment are free text kept as sent.
CREATE OR REPLACE TEMP TABLE typed_reviews AS
WITH p AS (
  SELECT *, parse_int(rating) AS p_rating, parse_ts(review_ts) AS p_ts
  FROM src_reviews s
)
, t AS (
SELECT _src,
  nz(review_id) AS review_id,
  nz(order_id) AS order_id,
  nz(product_id) AS product_id,
  nz(customer_id) AS customer_id,
  TRY_CAST(p_rating AS INTEGER) AS rating,
  p_ts AS review_ts,
  nullif(title, '') AS title,
  nullif(comment, '') AS comment,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN ok_required(review_id) AND ok_required(rating) AND ok_int(rating, p_rating, 1, 5) AND
      ok_required(review_ts) AND ok_ts(review_ts, p_ts) AND ok_month(review_ts, p_ts)
  THEN NULL ELSE coalesce(
    chk_required('review_id', review_id),
    chk_required('rating', rating), chk_int('rating', rating, p_rating, 1, 5),
    chk_required('review_ts', review_ts), chk_ts('review_ts', review_ts, p_ts),
    chk_month('review_ts', review_ts, p_ts)
  ) END AS _error,
  CAST(NULL AS VARCHAR) AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
