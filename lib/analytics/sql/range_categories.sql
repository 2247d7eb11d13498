-- Category sales of the range, as mart_category_sales per month, over the lines that pass the filters.
SELECT i.category, CAST(sum(i.quantity) AS BIGINT) AS units, sum(i.line_sales) AS sales,
  coalesce(sum(CASE WHEN i.unit_cost IS NOT NULL THEN i.line_sales END), 0) AS sales_with_cost,
  sum(i.line_margin) AS margin
FROM {{fact_order_items_enriched}} i
WHERE i.is_recognised AND i.month BETWEEN {{from}} AND {{to}}
  AND ({{country}} IS NULL OR coalesce(i.country, '??') = {{country}})
  AND ({{channel}} IS NULL OR i.channel = {{channel}})
  AND ({{device}} IS NULL OR i.device = {{device}})
  AND ({{category}} IS NULL OR i.category = {{category}})
GROUP BY i.category
ORDER BY sales DESC, i.category
