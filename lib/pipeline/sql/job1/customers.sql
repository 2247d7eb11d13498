-- customers (dimension): typed values and rule violations per row of src_customers.
CREATE OR REPLACE TEMP TABLE typed_customers AS
SELECT _rec,
  nz(customer_id) AS customer_id,
  parse_ts(signup_ts) AS signup_ts,
  upper(nz(country)) AS country,
  nz(city) AS city,
  norm_enum(nz(acquisition_channel)) AS acquisition_channel,
  CAST(parse_int(birth_year) AS INTEGER) AS birth_year,
  nz(gender) AS gender,
  lower(nz(segment)) AS segment,
  errors_of([
    chk_required('customer_id', customer_id),
    chk_required('signup_ts', signup_ts), chk_ts('signup_ts', signup_ts),
    chk_required('country', country), chk_country('country', country),
    chk_enum('acquisition_channel', acquisition_channel, channels()),
    chk_int('birth_year', birth_year, 1900, {{current_year}})
  ]) AS _errors
FROM src_customers;
