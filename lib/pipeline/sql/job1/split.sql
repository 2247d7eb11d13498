-- Splits typed_{{table}} into clean rows (valid, deduplicated by {{pk}}: the last occurrence wins) and
-- quarantined rows (a rule violation, or an earlier duplicate), keeping the raw values of every reject.
-- Duplicates are found with a grouped count first: the usual batch has none, so no window is needed.
CREATE OR REPLACE TEMP TABLE dups_{{table}} AS
SELECT {{pk}} AS k, max(_rec) AS keep FROM typed_{{table}} WHERE _error IS NULL GROUP BY {{pk}} HAVING count(*) > 1;

CREATE OR REPLACE TEMP VIEW clean_{{table}} AS
SELECT t.* EXCLUDE (_error, _rec), {{batch_id}} AS _batch_id, CAST({{loaded_at}} AS TIMESTAMPTZ) AS _loaded_at
FROM typed_{{table}} t LEFT JOIN dups_{{table}} d ON d.k = t.{{pk}}
WHERE t._error IS NULL AND (d.k IS NULL OR d.keep = t._rec);

CREATE OR REPLACE TEMP TABLE rejects_{{table}} AS
SELECT {{batch_id}} AS batch_id, '{{table}}' AS "table", {{file_name}} AS file, r._rec AS record,
  CAST(NULL AS BIGINT) AS line,
  split_part(reason, '|', 1) AS "column", split_part(reason, '|', 2) AS rule, split_part(reason, '|', 3) AS message,
  to_json(s)::VARCHAR AS raw
FROM (
  SELECT _rec, _error AS reason FROM typed_{{table}} WHERE _error IS NOT NULL
  UNION ALL
  SELECT t._rec, '{{pk}}|duplicate|{{pk}} repeats a later row of the batch (the last occurrence wins)'
  FROM typed_{{table}} t JOIN dups_{{table}} d ON d.k = t.{{pk}} WHERE t._error IS NULL AND t._rec <> d.keep
) r JOIN src_{{table}} s ON s.rowid + 1 = r._rec;
