-- Sales of the range (recognised orders' lines that pass the filters; the category filter keeps that
-- category's lines) in one pass over the lines, as two tables: per category (kind 'category', as
-- mart_category_sales per month) and the best-selling products (kind 'product', the top {{limit}} by
-- sales). Both are sums of the same (product, category) groups; the amounts are decimals, so summing
-- the groups' sums is exact. Units, sales, and the margin over the lines with a known cost
-- (sales_with_cost / sales = its coverage; no known cost = null margin, never 0).
WITH p AS (
  SELECT i.product_id, i.category, max(i.product_name) AS product_name,
    sum(i.quantity) AS units, sum(i.line_sales) AS sales,
    coalesce(sum(CASE WHEN i.unit_cost IS NOT NULL THEN i.line_sales END), 0) AS sales_with_cost,
    sum(i.line_margin) AS margin
  FROM {{fact_order_items_enriched}} i
  WHERE i.is_recognised AND i.month BETWEEN {{from}} AND {{to}}
    AND ({{country}} IS NULL OR coalesce(i.country, '??') = {{country}})
    AND ({{channel}} IS NULL OR i.channel = {{channel}})
    AND ({{device}} IS NULL OR i.device = {{device}})
    AND ({{category}} IS NULL OR i.category = {{category}})
  GROUP BY i.product_id, i.category
)
SELECT 'category' AS kind, CAST(NULL AS VARCHAR) AS product_id, p.category, CAST(NULL AS VARCHAR) AS product_name,
  CAST(sum(p.units) AS BIGINT) AS units, sum(p.sales) AS sales, sum(p.sales_with_cost) AS sales_with_cost, sum(p.margin) AS margin
FROM p
GROUP BY p.category
UNION ALL
(SELECT 'product' AS kind, p.product_id, max(p.category) AS category, max(p.product_name) AS product_name,
  CAST(sum(p.units) AS BIGINT) AS units, sum(p.sales) AS sales, sum(p.sales_with_cost) AS sales_with_cost, sum(p.margin) AS margin
FROM p
GROUP BY p.product_id
ORDER BY sales DESC, product_id
LIMIT {{limit}})
