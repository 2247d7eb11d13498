-- order_items (fact, month of its order: the batch month)
CREATE OR REPLACE TEMP TABLE typed_order_items AS
SELECT _rec,
  nz(order_item_id) AS order_item_id,
  nz(order_id) AS order_id,
  nz(product_id) AS product_id,
  CAST(parse_int(quantity) AS INTEGER) AS quantity,
  CAST(parse_dec(unit_price) AS DECIMAL(18, 2)) AS unit_price,
  CAST(coalesce(parse_dec(discount), 0) AS DECIMAL(18, 2)) AS discount,
  errors_of([
    chk_required('order_item_id', order_item_id),
    chk_required('order_id', order_id),
    chk_required('product_id', product_id),
    chk_required('quantity', quantity), chk_int('quantity', quantity, 1, 2147483647),
    chk_required('unit_price', unit_price), chk_dec('unit_price', unit_price, 0),
    chk_dec('discount', discount, 0)
  ]) AS _errors
FROM src_order_items;
