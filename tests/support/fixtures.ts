/** Small hand-made CSV fixtures that follow (or deliberately break) the data contract. */
export function csv(header: string[], rows: (string | number)[][], eol = "\n"): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join(eol) + eol;
}

export const customersCsv = (month = "2025-11") =>
  csv(["customer_id", "signup_ts", "country", "city", "acquisition_channel", "birth_year", "gender", "segment"], [
    ["c1", `${month}-01T10:00:00Z`, "fr", "Paris", "Paid Search", 1980, "f", "consumer"],
    ["c2", `${month}-02T10:00:00Z`, "DE", "Berlin", "email", 1990, "m", "business"],
    ["c3", `${month}-03T10:00:00Z`, "US", "Austin", "organic", "", "", "consumer"],
  ]);

export const productsCsv = () =>
  csv(["product_id", "name", "category", "subcategory", "brand", "price", "cost", "active"], [
    ["p1", "Lamp", "Home", "Lighting", "Lumo", "40.00", "25.00", "yes"],
    ["p2", "Mug", "Kitchen", "Cups", "Clay", "10.00", "4.00", "1"],
  ]);

export const sessionsCsv = (month = "2025-11") =>
  csv(["session_id", "customer_id", "session_start", "session_end", "channel", "device", "country", "landing_page", "utm_source", "utm_medium", "utm_campaign"], [
    ["s1", "c1", `${month}-03T09:00:00Z`, `${month}-03T09:20:00Z`, "paid_search", "desktop", "FR", "/", "google", "cpc", "x"],
    ["s2", "c2", `${month}-04T20:00:00Z`, `${month}-04T20:05:00Z`, "email", "mobile", "DE", "/", "", "", ""],
    ["s3", "", `${month}-05T12:00:00Z`, "", "direct", "tablet", "US", "/", "", "", ""],
  ]);

export const eventsCsv = (month = "2025-11") =>
  csv(["event_id", "session_id", "event_ts", "event_type", "product_id", "order_id", "page_url"], [
    ["e1", "s1", `${month}-03T09:01:00Z`, "page_view", "", "", "/"],
    ["e2", "s1", `${month}-03T09:02:00Z`, "add_to_cart", "p1", "", "/p1"],
    ["e3", "s1", `${month}-03T09:03:00Z`, "begin_checkout", "", "", "/checkout"],
    ["e4", "s1", `${month}-03T09:04:00Z`, "purchase", "", "o1", "/done"],
    ["e5", "s2", `${month}-04T20:01:00Z`, "product_view", "p2", "", "/p2"],
    ["e6", "s2", `${month}-04T20:02:00Z`, "add_to_cart", "p2", "", "/p2"],
    ["e7", "s3", `${month}-05T12:01:00Z`, "page_view", "", "", "/"],
  ]);

export const ordersCsv = (month = "2025-11") =>
  csv(["order_id", "customer_id", "session_id", "order_ts", "status", "currency", "subtotal", "discount", "shipping", "tax", "total", "payment_method", "country", "channel", "device"], [
    ["o1", "c1", "s1", `${month}-03T09:04:00Z`, "paid", "EUR", "40.00", "0", "5.00", "9.00", "54.00", "card", "", "", ""],
    ["o2", "c2", "s2", `${month}-04T20:03:00Z`, "delivered", "EUR", "20.00", "2.00", "0", "3.60", "21.60", "paypal", "DE", "email", "mobile"],
    ["o3", "c3", "", `${month}-05T12:30:00Z`, "cancelled", "USD", "10.00", "0", "0", "0", "10.00", "card", "US", "", ""],
  ]);

export const orderItemsCsv = () =>
  csv(["order_item_id", "order_id", "product_id", "quantity", "unit_price", "discount"], [
    ["i1", "o1", "p1", 1, "40.00", ""],
    ["i2", "o2", "p2", 2, "10.00", "2.00"],
    ["i3", "o3", "p2", 1, "10.00", "0"],
  ]);

export const reviewsCsv = (month = "2025-11") =>
  csv(["review_id", "order_id", "product_id", "customer_id", "rating", "review_ts", "title", "comment"], [
    ["r1", "o1", "p1", "c1", 5, `${month}-10T10:00:00Z`, "Great, \"really\"", "Line one\nline two, with comma — très bien 日本語"],
  ]);

export const fullMonth = (month = "2025-11") => ({
  "customers.csv": customersCsv(month),
  "products.csv": productsCsv(),
  "sessions.csv": sessionsCsv(month),
  "events.csv": eventsCsv(month),
  "orders.csv": ordersCsv(month),
  "order_items.csv": orderItemsCsv(),
  "reviews.csv": reviewsCsv(month),
});
