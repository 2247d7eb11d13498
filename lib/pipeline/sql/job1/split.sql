-- Splits typed_{{table}} into clean rows (valid, deduplicated by {{pk}}, last occurrence wins) and
-- quarantined rows (rule violations and earlier duplicates), keeping the raw values of every reject.
CREATE OR REPLACE TEMP TABLE ranked_{{table}} AS
SELECT *, CASE WHEN len(_errors) = 0
  THEN row_number() OVER (PARTITION BY CASE WHEN len(_errors) = 0 THEN {{pk}} END ORDER BY _rec DESC) END AS _dup_rank
FROM typed_{{table}};

CREATE OR REPLACE TEMP TABLE clean_{{table}} AS
SELECT * EXCLUDE (_errors, _dup_rank, _rec), {{batch_id}} AS _batch_id, {{loaded_at}}::TIMESTAMPTZ AS _loaded_at
FROM ranked_{{table}} WHERE len(_errors) = 0 AND _dup_rank = 1;

CREATE OR REPLACE TEMP TABLE rejects_{{table}} AS
SELECT {{batch_id}} AS batch_id, '{{table}}' AS "table", {{file_name}} AS file, r._rec AS record,
  CAST(NULL AS BIGINT) AS line,
  split_part(reason, '|', 1) AS "column", split_part(reason, '|', 2) AS rule, split_part(reason, '|', 3) AS message,
  to_json(s)::VARCHAR AS raw
FROM (
  SELECT _rec, CASE WHEN len(_errors) > 0 THEN _errors[1]
    ELSE '{{pk}}|duplicate|{{pk}} repeats a later row of the batch (the last occurrence wins)' END AS reason
  FROM ranked_{{table}} WHERE len(_errors) > 0 OR _dup_rank > 1
) r JOIN src_{{table}} s ON s._rec = r._rec;
