import type { SourceProfile } from "./profile";

/**
 * Source profiles a shop can start from (DATA_CONTRACT.md "Source profiles"): the upload page offers
 * them, and the sample-data generator writes its foreign formats from them (lib/generator/formats),
 * so the headers and words of a generated export are exactly the ones these profiles read.
 *
 * A profile maps only what the source names differently; a column the source already calls by its
 * contract name needs no entry. `values` hold only the words a source writes that are not contract
 * values (the contract's own words and aliases, e.g. `canceled`, read as they are).
 */
export const BUILTIN_PROFILE_IDS = ["olist", "olist-pt-br", "order-lines", "order-lines-pt-br"] as const;
export type BuiltinProfileId = (typeof BUILTIN_PROFILE_IDS)[number];

export interface BuiltinProfile {
  id: BuiltinProfileId;
  /** Short label for a picker. */
  label: string;
  /** What the export looks like and what the contract still needs from it. */
  description: string;
  profile: SourceProfile;
}

// Olist (the public Brazilian marketplace dataset): one file per table, English snake_case headers,
// item line numbers 1..n per order (one row per unit), no product name, price or cost in products,
// Portuguese category names, timestamps in São Paulo time without offset.
const OLIST_STATUS_EN = {
  created: "pending",
  approved: "paid",
  invoiced: "paid",
  processing: "paid",
  canceled: "cancelled",
  unavailable: "cancelled",
} as const;

const OLIST_STATUS_PT = {
  criado: "pending",
  pendente: "pending",
  aprovado: "paid",
  faturado: "paid",
  "em processamento": "paid",
  enviado: "shipped",
  entregue: "delivered",
  cancelado: "cancelled",
  "indisponível": "cancelled",
  devolvido: "returned",
} as const;

function olistTables(status: Record<string, string>): SourceProfile["tables"] {
  return {
    customers: { file: "olist_customers_dataset*.csv", columns: { city: "customer_city" }, defaults: { country: "BR" } },
    products: { file: "olist_products_dataset*.csv", columns: { category: "product_category_name" } },
    orders: {
      file: "olist_orders_dataset*.csv",
      columns: { order_ts: "order_purchase_timestamp", status: "order_status" },
      values: { status },
      defaults: { currency: "BRL" },
    },
    // Olist writes one row per unit, so a file without a quantity column has quantity 1 per row.
    order_items: { file: "olist_order_items_dataset*.csv", columns: { unit_price: "price" }, defaults: { quantity: "1" } },
    reviews: {
      file: "olist_order_reviews_dataset*.csv",
      columns: { rating: "review_score", review_ts: "review_creation_date", title: "review_comment_title", comment: "review_comment_message" },
    },
  };
}

// Order lines (WooCommerce / Shopify style): one row per order line carrying the order's columns and
// the line's, read as `orders` (one per order id) and `order_items`; the other tables are the shop's
// own exports with its own headers. Channel words are Google Analytics' default channel groups,
// event names GA4's.
const GA_CHANNELS_EN = {
  "organic search": "organic",
  "paid search": "paid_search",
  "paid social": "paid_social",
  "organic social": "social",
  affiliates: "affiliate",
  unassigned: "other",
} as const;

const GA_CHANNELS_PT = {
  "pesquisa orgânica": "organic",
  "pesquisa paga": "paid_search",
  "social pago": "paid_social",
  "social orgânico": "social",
  "e-mail": "email",
  direto: "direct",
  "referência": "referral",
  afiliados: "affiliate",
  "não atribuído": "other",
} as const;

const GA4_EVENTS = { view_item: "product_view" } as const;

const WOO_STATUS_EN = {
  "pending payment": "pending",
  "on hold": "pending",
  processing: "paid",
  completed: "delivered",
  failed: "cancelled",
  refunded: "returned",
} as const;

const WOO_STATUS_PT = {
  "aguardando pagamento": "pending",
  pendente: "pending",
  processando: "paid",
  pago: "paid",
  enviado: "shipped",
  entregue: "delivered",
  "concluído": "delivered",
  cancelado: "cancelled",
  malsucedido: "cancelled",
  devolvido: "returned",
  reembolsado: "returned",
} as const;

const ORDER_LINES_EN: SourceProfile = {
  name: "Order-lines export (one row per order line, WooCommerce / Shopify style)",
  delimiter: ",",
  encoding: "utf-8",
  decimal: ".",
  thousands: "",
  dateOrder: "YMD",
  tables: {
    customers: {
      file: "customers_export*.csv",
      columns: {
        customer_id: "Customer ID",
        signup_ts: "Date Registered",
        country: "Country",
        city: "City",
        acquisition_channel: "Acquisition Channel",
        birth_year: "Birth Year",
        gender: "Gender",
        segment: "Customer Type",
      },
      values: { acquisition_channel: GA_CHANNELS_EN },
    },
    products: {
      file: "products_export*.csv",
      columns: {
        product_id: "ID",
        name: "Name",
        category: "Categories",
        subcategory: "Tags",
        brand: "Brands",
        price: "Regular price",
        cost: "Cost of goods",
        active: "Published",
      },
    },
    sessions: {
      file: "sessions_export*.csv",
      columns: {
        session_id: "Session ID",
        customer_id: "Customer ID",
        session_start: "Session Start",
        session_end: "Session End",
        channel: "Default Channel Group",
        device: "Device Category",
        country: "Country",
        landing_page: "Landing Page",
        utm_source: "UTM Source",
        utm_medium: "UTM Medium",
        utm_campaign: "UTM Campaign",
      },
      values: { channel: GA_CHANNELS_EN },
    },
    events: {
      file: "events_export*.csv",
      columns: {
        event_id: "Event ID",
        session_id: "Session ID",
        event_ts: "Event Time",
        event_type: "Event Name",
        product_id: "Item ID",
        order_id: "Transaction ID",
        page_url: "Page Location",
      },
      values: { event_type: GA4_EVENTS },
    },
    orders: {
      file: "orders_export*.csv",
      columns: {
        order_id: "Order ID",
        customer_id: "Customer ID",
        session_id: "Session ID",
        order_ts: "Order Date",
        status: "Order Status",
        currency: "Order Currency",
        subtotal: "Order Subtotal",
        discount: "Cart Discount",
        shipping: "Order Shipping",
        tax: "Order Tax",
        total: "Order Total",
        payment_method: "Payment Method",
        country: "Billing Country",
        channel: "Default Channel Group",
        device: "Device Category",
      },
      values: { status: WOO_STATUS_EN, channel: GA_CHANNELS_EN },
    },
    order_items: {
      file: "orders_export*.csv",
      columns: {
        order_item_id: "Item #",
        order_id: "Order ID",
        product_id: "Product ID",
        quantity: "Quantity",
        unit_price: "Item Cost",
        discount: "Item Discount",
      },
    },
    reviews: {
      file: "reviews_export*.csv",
      columns: {
        review_id: "Review ID",
        order_id: "Order ID",
        product_id: "Product ID",
        customer_id: "Customer ID",
        rating: "Rating",
        review_ts: "Review Date",
        title: "Title",
        comment: "Body",
      },
    },
  },
};

/** How a Brazilian spreadsheet saves a table: `;`, Windows-1252, decimal comma, day-first dates, São Paulo time. */
const PLANILHA_PT_BR = {
  delimiter: ";",
  encoding: "windows-1252",
  decimal: ",",
  thousands: ".",
  dateOrder: "DMY",
  timezone: "America/Sao_Paulo",
} as const satisfies Partial<SourceProfile>;

const ORDER_LINES_PT: SourceProfile = {
  name: "Exportação por item de pedido (WooCommerce / Shopify, planilha pt-BR)",
  ...PLANILHA_PT_BR,
  tables: {
    customers: {
      file: "clientes*.csv",
      columns: {
        customer_id: "Código do cliente",
        signup_ts: "Data de cadastro",
        country: "País",
        city: "Cidade",
        acquisition_channel: "Canal de aquisição",
        birth_year: "Ano de nascimento",
        gender: "Gênero",
        segment: "Segmento",
      },
      values: {
        acquisition_channel: GA_CHANNELS_PT,
        gender: { feminino: "female", masculino: "male", "não binário": "non_binary" },
        segment: { consumidor: "consumer", empresa: "business" },
      },
    },
    products: {
      file: "produtos*.csv",
      columns: {
        product_id: "Código",
        name: "Nome",
        category: "Categoria",
        subcategory: "Subcategoria",
        brand: "Marca",
        price: "Preço",
        cost: "Custo",
        active: "Ativo",
      },
      values: { active: { sim: "true", "não": "false" } },
    },
    sessions: {
      file: "sessoes*.csv",
      columns: {
        session_id: "Sessão",
        customer_id: "Cliente",
        session_start: "Início",
        session_end: "Fim",
        channel: "Canal",
        device: "Dispositivo",
        country: "País",
        landing_page: "Página de entrada",
        utm_source: "Origem",
        utm_medium: "Mídia",
        utm_campaign: "Campanha",
      },
      values: { channel: GA_CHANNELS_PT, device: { computador: "desktop", celular: "mobile", outro: "other" } },
    },
    events: {
      file: "eventos*.csv",
      columns: {
        event_id: "Evento",
        session_id: "Sessão",
        event_ts: "Data/hora",
        event_type: "Tipo",
        product_id: "Produto",
        order_id: "Pedido",
        page_url: "Página",
      },
      values: { event_type: GA4_EVENTS },
    },
    orders: {
      file: "pedidos*.csv",
      columns: {
        order_id: "Pedido",
        customer_id: "Cliente",
        session_id: "Sessão",
        order_ts: "Data",
        status: "Situação",
        currency: "Moeda",
        subtotal: "Subtotal",
        discount: "Desconto do pedido",
        shipping: "Frete",
        tax: "Impostos",
        total: "Total",
        payment_method: "Forma de pagamento",
        country: "País",
        channel: "Canal",
        device: "Dispositivo",
      },
      values: { status: WOO_STATUS_PT, channel: GA_CHANNELS_PT, device: { computador: "desktop", celular: "mobile", outro: "other" } },
      defaults: { currency: "BRL" },
    },
    order_items: {
      file: "pedidos*.csv",
      columns: {
        order_item_id: "Item",
        order_id: "Pedido",
        product_id: "Produto",
        quantity: "Quantidade",
        unit_price: "Preço unitário",
        discount: "Desconto do item",
      },
    },
    reviews: {
      file: "avaliacoes*.csv",
      columns: {
        review_id: "Avaliação",
        order_id: "Pedido",
        product_id: "Produto",
        customer_id: "Cliente",
        rating: "Nota",
        review_ts: "Data",
        title: "Título",
        comment: "Comentário",
      },
    },
  },
};

export const BUILTIN_PROFILES: readonly BuiltinProfile[] = [
  {
    id: "olist",
    label: "Olist-style export",
    description:
      "Separate tables named olist_*_dataset.csv (the public Olist dataset): order_purchase_timestamp in São Paulo time, Olist status words " +
      "(created, approved, invoiced, processing, shipped, delivered, canceled, unavailable), item line numbers 1..n per order with one row " +
      "per unit (quantity 1 unless a quantity column is present), no product cost (margin not available), Portuguese category names kept. " +
      "The contract still needs what Olist lacks: customers.signup_ts and products.price (a column or a default), and sessions/events for the funnel.",
    profile: {
      name: "Olist-style export (separate tables, item line numbers, no cost, Portuguese categories)",
      delimiter: ",",
      encoding: "utf-8",
      decimal: ".",
      thousands: "",
      dateOrder: "YMD",
      timezone: "America/Sao_Paulo",
      tables: olistTables(OLIST_STATUS_EN),
    },
  },
  {
    id: "olist-pt-br",
    label: "Olist-style export, Brazilian spreadsheet (;, 1.234,56, dd/mm/aaaa)",
    description:
      "The Olist tables saved by a Brazilian spreadsheet: `;` delimiter, Windows-1252, decimal comma with `.` thousands, day-first dates " +
      "(25/11/2025 14:10:20), São Paulo time, Portuguese status words (criado, aprovado, faturado, enviado, entregue, cancelado, devolvido …).",
    profile: {
      name: "Olist-style export, planilha pt-BR (;, vírgula decimal, dd/mm/aaaa)",
      ...PLANILHA_PT_BR,
      tables: olistTables(OLIST_STATUS_PT),
    },
  },
  {
    id: "order-lines",
    label: "Order-lines export (WooCommerce / Shopify)",
    description:
      "orders_export*.csv with one row per order line: the order's columns (Order ID, Order Date, Order Status, Order Total …) on every line " +
      "and the line's (Item #, Product ID, Quantity, Item Cost, Item Discount); it feeds both orders (one per Order ID) and order_items. " +
      "WooCommerce status words (pending payment, on hold, processing, completed, failed, refunded), Google Analytics channel groups and GA4 " +
      "event names; customers_export, products_export, sessions_export, events_export and reviews_export with the shop's headers.",
    profile: ORDER_LINES_EN,
  },
  {
    id: "order-lines-pt-br",
    label: "Order-lines export, Brazilian shop (pedidos.csv; ;, 1.234,56, dd/mm/aaaa)",
    description:
      "pedidos*.csv with one row per order line (Pedido, Data, Situação, Total … and Item, Produto, Quantidade, Preço unitário), and " +
      "clientes, produtos, sessoes, eventos, avaliacoes: `;` delimiter, Windows-1252, decimal comma with `.` thousands, day-first dates in " +
      "São Paulo time, Portuguese status, channel, device, gender and yes/no words.",
    profile: ORDER_LINES_PT,
  },
];

export function builtinProfile(id: BuiltinProfileId): BuiltinProfile {
  const found = BUILTIN_PROFILES.find((p) => p.id === id);
  if (!found) throw new RangeError(`no built-in profile "${id}"`);
  return found;
}
