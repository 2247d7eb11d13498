SELECT category, units, sales, margin
FROM {{mart_category_sales}}
WHERE month = {{month}}
ORDER BY sales DESC, category
