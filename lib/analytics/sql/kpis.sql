-- Headline numbers of a month and of the month before (for month-over-month deltas), and which tables
-- the month received (has_*). Every column: a lake curated before a flag existed has no such column
-- (null on older months beside newer ones), and naming it would fail the query.
SELECT *
FROM {{mart_kpis}}
WHERE month IN ({{month}}, {{prev_month}})
