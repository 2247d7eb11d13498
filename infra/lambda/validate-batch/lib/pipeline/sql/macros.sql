-- Shared parsing and rule macros for job 1 (DuckDB). The same file runs locally and in the Glue runner.
-- Each value is parsed once (p_* columns); a check returns NULL when the value passes, else
-- 'column|rule|message'. A row's first failing check is its reason.
-- Fast paths first: most values are already clean, and trim/regex allocate per value.
-- A field of whitespace only (a tab, a no-break space, spaces and tabs mixed) is empty: the blanks are
-- those JavaScript's trim() removes, as the browser check reads them (lib/contracts/values.ts). Only a
-- value whose first byte is not printable ASCII (below '!', or from U+00A0 on) pays for the pattern.
CREATE OR REPLACE MACRO is_blank(s) AS regexp_full_match(s, '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*');
CREATE OR REPLACE MACRO nz(s) AS CASE WHEN s = '' THEN NULL WHEN (s < '!' OR s >= chr(160)) AND is_blank(s) THEN NULL
  WHEN starts_with(s, ' ') OR ends_with(s, ' ') THEN nullif(trim(s), '') ELSE s END;
-- A word already in the contract's spelling (the usual case) skips the rewrite, and a word without
-- blanks or hyphens (a shop's own "Pago") only needs lower(): each path costs a fraction of the rewrite.
CREATE OR REPLACE MACRO norm_enum(s) AS CASE
  WHEN regexp_full_match(s, '[a-z0-9_]*') THEN s
  WHEN NOT regexp_matches(s, '[\s-]') THEN lower(s)
  ELSE regexp_replace(lower(trim(s)), '[\s-]+', '_', 'g') END;
-- A blank value (nz) is no word: a tab alone is null, not "_".
CREATE OR REPLACE MACRO fast_enum(s, allowed) AS CASE WHEN list_contains(allowed, s) THEN s ELSE nullif(norm_enum(nz(s)), '') END;
-- Timestamps: ISO 8601 spellings (a date alone is local midnight; an offset may follow a space), and
-- with a profile's date order also `25/11/2025 14:10[:20]`. No offset = the source's time zone:
-- local_ts() is the session (business) zone unless the profile names another.
CREATE OR REPLACE MACRO ts_shape(s) AS regexp_full_match(trim(s), '\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?| [+-]\d{2}:?\d{2}| UTC| utc)?)?');
CREATE OR REPLACE MACRO ts_has_offset(s) AS length(trim(s)) > 10 AND regexp_matches(trim(s), '(Z|z|[+-]\d{2}(:?\d{2})?| UTC| utc)$');
CREATE OR REPLACE MACRO ts_norm(s) AS regexp_replace(regexp_replace(trim(s), '( UTC| utc|z|Z)$', '+00:00'), ' ([+-]\d)', '\1');
CREATE OR REPLACE MACRO local_ts_icu(x) AS {{local_ts}};
-- ICU costs ≈ 100 ns a value. Where the zone's offset stays the same (found here by ICU itself, hour by
-- hour over the month ± 2 days: the longest such stretch, a day kept clear of any change of offset),
-- subtracting the offset gives the same instant for ≈ 10 ns; ICU decides everywhere else. A variable is
-- the connection's own: every connection that parses runs this file.
SET VARIABLE local_ts_window = (
  WITH h AS (SELECT w, epoch_us(w) - epoch_us(local_ts_icu(w)) AS off
             FROM generate_series(CAST({{month_start}} AS TIMESTAMP) - INTERVAL 2 DAY, CAST({{month_end}} AS TIMESTAMP) + INTERVAL 2 DAY, INTERVAL 1 HOUR) g(w)),
  d AS (SELECT w, off, CASE WHEN off = lag(off) OVER (ORDER BY w) THEN 0 ELSE 1 END AS change FROM h),
  s AS (SELECT w, off, sum(change) OVER (ORDER BY w) AS stretch FROM d),
  r AS (SELECT stretch, any_value(off) AS off, min(w) AS lo, max(w) + INTERVAL 1 HOUR AS hi, max(stretch) OVER () AS last FROM s GROUP BY stretch)
  SELECT {'lo': lo + CASE WHEN stretch > 1 THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END,
          'hi': hi - CASE WHEN stretch < last THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END, 'off': off}
  FROM r ORDER BY hi - lo DESC LIMIT 1);
-- x is bound once through the lambda: inside a CASE (parse_ts) DuckDB would otherwise parse it three times.
CREATE OR REPLACE MACRO local_ts(x) AS list_transform([x], lambda t: CASE WHEN t >= getvariable('local_ts_window').lo AND t < getvariable('local_ts_window').hi
  THEN make_timestamptz(epoch_us(t) - getvariable('local_ts_window').off) ELSE local_ts_icu(t) END)[1];
CREATE OR REPLACE MACRO numeric_ts(s) AS {{numeric_ts}};
-- COALESCE evaluates an argument only for the rows still NULL: a value the profile's usual spelling
-- reads never reaches the general paths.
CREATE OR REPLACE MACRO parse_ts(s) AS CASE
  WHEN s LIKE '____-__-__T__:__:__Z' THEN TRY_CAST(s AS TIMESTAMPTZ)
  ELSE coalesce({{numeric_fast_ts}}, CASE WHEN ts_shape(s) THEN {{iso_ts}} ELSE numeric_ts(s) END) END;
-- Numbers: the profile's decimal mark and thousands separator, read as the contract's ("1.234,5" → 1234.5).
CREATE OR REPLACE MACRO num_text(s) AS {{num_text}};
CREATE OR REPLACE MACRO parse_dec(s) AS CASE WHEN regexp_full_match(trim(s), {{dec_re}}) THEN TRY_CAST(num_text(s) AS DECIMAL(18, 4)) END;
-- The spelling two lines of one order must share for a number: no thousands separators, no trailing
-- zeros in the fraction ("30.00" = "30.0" = "30").
CREATE OR REPLACE MACRO same_num(s) AS CASE WHEN contains({{num_plain}}, {{dec_mark}})
  THEN coalesce(nullif(rtrim(rtrim({{num_plain}}, '0'), {{dec_mark}}), ''), '0') ELSE {{num_plain}} END;
CREATE OR REPLACE MACRO parse_int(s) AS CASE WHEN regexp_full_match(trim(s), {{int_re}}) THEN TRY_CAST(num_text(s) AS BIGINT) END;
CREATE OR REPLACE MACRO parse_bool(s) AS CASE lower(trim(s)) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END;
CREATE OR REPLACE MACRO quote_raw(s) AS '''' || left(s, 60) || '''';
-- How many lines a record the reader rejected spans (LF, CRLF or CR), its final line end aside.
CREATE OR REPLACE MACRO csv_lines(s) AS len(string_split_regex(rtrim(s, chr(13) || chr(10)), '\r\n|\r|\n'));

CREATE OR REPLACE MACRO chk_required(col, s) AS CASE WHEN nz(s) IS NULL THEN col || '|required|' || col || ' is required but empty' END;
CREATE OR REPLACE MACRO chk_ts(col, s, p) AS CASE WHEN p IS NULL AND nz(s) IS NOT NULL THEN col || '|timestamp|' || col || ' ' || quote_raw(s) || ' is not {{ts_expect}}' END;
CREATE OR REPLACE MACRO chk_dec(col, s, p, lo) AS CASE
  WHEN nz(s) IS NULL THEN NULL
  -- A number too large for the facts' DECIMAL(18, 4) is a range error, not "not a number".
  WHEN p IS NULL AND regexp_full_match(trim(s), {{dec_re}}) THEN col || '|range|' || col || ' ' || quote_raw(s) || ' has more than {{decimal_integer_digits}} digits before the decimal mark'
  WHEN p IS NULL THEN col || '|decimal|' || col || ' ' || quote_raw(s) || ' is not a decimal number'
  WHEN p < lo THEN col || '|range|' || col || ' ' || quote_raw(s) || ' must be >= ' || lo END;
CREATE OR REPLACE MACRO chk_int(col, s, p, lo, hi) AS CASE
  WHEN nz(s) IS NULL THEN NULL
  WHEN p IS NULL AND NOT regexp_full_match(trim(s), {{int_re}}) THEN col || '|integer|' || col || ' ' || quote_raw(s) || ' is not an integer'
  WHEN p IS NULL OR p < lo OR p > hi THEN col || '|range|' || col || ' ' || quote_raw(s) || ' must be between ' || lo || ' and ' || hi END;
CREATE OR REPLACE MACRO chk_enum(col, s, n, allowed) AS CASE WHEN n IS NOT NULL AND NOT list_contains(allowed, n)
  THEN col || '|enum|' || col || ' ' || quote_raw(s) || ' is not one of ' || array_to_string(allowed, ', ') END;
CREATE OR REPLACE MACRO chk_country(col, s) AS CASE WHEN nz(s) IS NOT NULL AND TRY_CAST(upper(trim(s)) AS {{country_enum}}) IS NULL
  THEN col || '|country|' || col || ' ' || quote_raw(s) || ' is not an ISO 3166-1 alpha-2 country code' END;
CREATE OR REPLACE MACRO chk_currency(col, s) AS CASE WHEN nz(s) IS NOT NULL AND TRY_CAST(upper(trim(s)) AS {{currency_enum}}) IS NULL
  THEN col || '|currency|' || col || ' ' || quote_raw(s) || ' is not an ISO 4217 currency code' END;
-- The code lists are ENUM types (lib/contracts/iso-codes.ts): a cast is a hashed lookup, as cheap as the
-- shape regex it replaced. A country is stored upper-cased with ISO's reserved aliases resolved (UK → GB).
CREATE OR REPLACE MACRO country_code(s) AS {{country_alias}};
CREATE OR REPLACE MACRO chk_bool(col, s, p) AS CASE WHEN p IS NULL AND nz(s) IS NOT NULL
  THEN col || '|boolean|' || col || ' ' || quote_raw(s) || ' is not true/false/1/0/yes/no' END;
-- Facts belong to the batch month in the business time zone: [month_lo, month_hi) as instants.
CREATE OR REPLACE MACRO chk_month(col, s, p) AS CASE WHEN p < {{month_lo}} OR p >= {{month_hi}}
  THEN col || '|month|' || col || ' ' || quote_raw(s) || ' is outside the batch month ' || {{month}} END;

CREATE OR REPLACE MACRO chk_not_before(col, s, p, lo_col, p_lo) AS CASE WHEN p < p_lo
  THEN col || '|order|' || col || ' ' || quote_raw(s) || ' is before ' || lo_col END;

-- Fast paths: ok_x(args) is TRUE only where chk_x(col, args) passes (NULL or FALSE just means "run
-- the full checks"). A row whose ok_* all hold skips the CASE-per-rule evaluation and the messages,
-- which halved job 1's rule cost. tests/contracts/sql-matches-contract.test.ts pins both.
-- Printable ASCII first (not '', a blank or a tab, which nz reads as empty; a value from U+00A0 on takes the full check).
CREATE OR REPLACE MACRO ok_required(s) AS s >= '!' AND s < chr(160);
CREATE OR REPLACE MACRO ok_ts(s, p) AS s = '' OR p IS NOT NULL;
CREATE OR REPLACE MACRO ok_dec(s, p, lo) AS s = '' OR p >= lo;
CREATE OR REPLACE MACRO ok_int(s, p, lo, hi) AS s = '' OR p BETWEEN lo AND hi;
CREATE OR REPLACE MACRO ok_enum(s, n, allowed) AS s = '' OR list_contains(allowed, n);
CREATE OR REPLACE MACRO ok_country(s) AS s = '' OR TRY_CAST(upper(s) AS {{country_enum}}) IS NOT NULL;
CREATE OR REPLACE MACRO ok_currency(s) AS s = '' OR TRY_CAST(upper(s) AS {{currency_enum}}) IS NOT NULL;
CREATE OR REPLACE MACRO ok_bool(s, p) AS s = '' OR p IS NOT NULL;
CREATE OR REPLACE MACRO ok_month(s, p) AS p >= {{month_lo}} AND p < {{month_hi}};
CREATE OR REPLACE MACRO ok_not_before(s, p, lo_col, p_lo) AS p IS NULL OR p_lo IS NULL OR p >= p_lo;

CREATE OR REPLACE MACRO channels() AS ['organic', 'paid_search', 'paid_social', 'social', 'email', 'direct', 'referral', 'affiliate', 'other'];
CREATE OR REPLACE MACRO devices() AS ['desktop', 'mobile', 'tablet', 'other'];
CREATE OR REPLACE MACRO event_types() AS ['page_view', 'product_view', 'add_to_cart', 'remove_from_cart', 'begin_checkout', 'purchase'];
CREATE OR REPLACE MACRO order_statuses() AS ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'];
