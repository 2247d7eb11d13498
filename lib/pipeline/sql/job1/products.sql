-- products (dimension)
CREATE OR REPLACE TEMP TABLE typed_products AS
SELECT _rec,
  nz(product_id) AS product_id,
  nz(name) AS name,
  nz(category) AS category,
  nz(subcategory) AS subcategory,
  nz(brand) AS brand,
  CAST(parse_dec(price) AS DECIMAL(18, 2)) AS price,
  CAST(parse_dec(cost) AS DECIMAL(18, 2)) AS cost,
  coalesce(parse_bool(active), true) AS active,
  errors_of([
    chk_required('product_id', product_id),
    chk_required('name', name),
    chk_required('category', category),
    chk_required('price', price), chk_dec('price', price, 0),
    chk_required('cost', cost), chk_dec('cost', cost, 0),
    chk_bool('active', active)
  ]) AS _errors
FROM src_products;
