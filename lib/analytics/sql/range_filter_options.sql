-- The filter bar's choices for a period, unfiltered: its countries and categories, read from the months'
-- small marts (the same recognised orders and lines, grouped by the same keys) instead of the facts.
SELECT 'country' AS kind, c.country AS value
FROM {{mart_revenue_by_country}} c
WHERE c.month BETWEEN {{from}} AND {{to}}
UNION
SELECT 'category' AS kind, s.category AS value
FROM {{mart_category_sales}} s
WHERE s.month BETWEEN {{from}} AND {{to}}
ORDER BY kind, value
