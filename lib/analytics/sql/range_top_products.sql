-- Best-selling products of the range (recognised orders' lines that pass the filters; the category
-- filter keeps that category's lines): units, sales, and the margin over the lines with a known cost
-- (sales_with_cost / sales = its coverage; no known cost = null margin, never 0).
SELECT i.product_id, max(i.product_name) AS product_name, max(i.category) AS category,
  CAST(sum(i.quantity) AS BIGINT) AS units, sum(i.line_sales) AS sales,
  coalesce(sum(CASE WHEN i.unit_cost IS NOT NULL THEN i.line_sales END), 0) AS sales_with_cost,
  sum(i.line_margin) AS margin
FROM {{fact_order_items_enriched}} i
WHERE i.is_recognised AND i.month BETWEEN {{from}} AND {{to}}
  AND ({{country}} IS NULL OR coalesce(i.country, '??') = {{country}})
  AND ({{channel}} IS NULL OR i.channel = {{channel}})
  AND ({{device}} IS NULL OR i.device = {{device}})
  AND ({{category}} IS NULL OR i.category = {{category}})
GROUP BY i.product_id
ORDER BY sales DESC, i.product_id
LIMIT {{limit}}
