-- reviews (fact, month of review_ts); title/comment are free text kept as sent.
CREATE OR REPLACE TEMP TABLE typed_reviews AS
SELECT _rec,
  nz(review_id) AS review_id,
  nz(order_id) AS order_id,
  nz(product_id) AS product_id,
  nz(customer_id) AS customer_id,
  CAST(parse_int(rating) AS INTEGER) AS rating,
  parse_ts(review_ts) AS review_ts,
  nullif(title, '') AS title,
  nullif(comment, '') AS comment,
  errors_of([
    chk_required('review_id', review_id),
    chk_required('rating', rating), chk_int('rating', rating, 1, 5),
    chk_required('review_ts', review_ts), chk_ts('review_ts', review_ts),
    chk_month('review_ts', review_ts, {{month}})
  ]) AS _errors
FROM src_reviews;
