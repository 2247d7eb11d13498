SELECT category, units, sales, sales_with_cost, margin
FROM {{mart_category_sales}}
WHERE month = {{month}}
ORDER BY sales DESC, category
