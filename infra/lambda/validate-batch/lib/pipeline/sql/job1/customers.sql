-- customers (dimension): typed values and the first rule violation per row of src_customers.
CREATE OR REPLACE TEMP TABLE typed_customers AS
WITH p AS (
  SELECT *, parse_ts(signup_ts) AS p_signup_ts, parse_int(birth_year) AS p_birth_year,
    fast_enum(acquisition_channel, channels()) AS n_channel
  FROM src_customers s
)
, t AS (
SELECT _src,
  nz(customer_id) AS customer_id,
  p_signup_ts AS signup_ts,
  country_code(country) AS country,
  nz(city) AS city,
  n_channel AS acquisition_channel,
  TRY_CAST(p_birth_year AS INTEGER) AS birth_year,
  nz(gender) AS gender,
  lower(nz(segment)) AS segment,
  -- The fast path: rows that pass every ok_* (the usual case) skip the error messages.
  CASE WHEN ok_required(customer_id) AND ok_required(signup_ts) AND ok_ts(signup_ts, p_signup_ts) AND
      ok_required(country) AND ok_country(country) AND
      ok_enum(acquisition_channel, n_channel, channels()) AND
      ok_int(birth_year, p_birth_year, 1900, {{current_year}})
  THEN NULL ELSE coalesce(
    chk_required('customer_id', customer_id),
    chk_required('signup_ts', signup_ts), chk_ts('signup_ts', signup_ts, p_signup_ts),
    chk_required('country', country), chk_country('country', country),
    chk_enum('acquisition_channel', acquisition_channel, n_channel, channels()),
    chk_int('birth_year', birth_year, p_birth_year, 1900, {{current_year}})
  ) END AS _error,
  CAST(NULL AS VARCHAR) AS _rounded
FROM p
)
SELECT * EXCLUDE (_src), CASE WHEN _error IS NOT NULL THEN to_json(_src)::VARCHAR END AS _raw FROM t;
