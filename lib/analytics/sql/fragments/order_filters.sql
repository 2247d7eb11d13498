-- The dashboard filters on the recognised orders `o` (each NULL = all); category keeps the orders with at
-- least one line of it, among the lines of months from {{lines_from}} to {{to}}.
o.is_recognised
    AND ({{country}} IS NULL OR coalesce(o.country, '??') = {{country}})
    AND ({{channel}} IS NULL OR o.channel = {{channel}})
    AND ({{device}} IS NULL OR o.device = {{device}})
    AND ({{category}} IS NULL OR o.order_id IN (
      SELECT i.order_id FROM {{fact_order_items_enriched}} i WHERE i.month BETWEEN {{lines_from}} AND {{to}} AND i.category = {{category}}))
