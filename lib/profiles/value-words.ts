import { TABLES, normalizeEnum, type ColumnSpec, type TableName } from "../contracts";

/**
 * Shops' words for the contract's enumerations (order status, channel, device, event type) in
 * en/pt/es/fr/de and the usual exports (WooCommerce, Shopify, Olist). Keys are `wordKey`s.
 */
const WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  status: {
    // en / WooCommerce / Shopify / Olist
    completed: "delivered", complete: "delivered", fulfilled: "delivered", closed: "delivered", done: "delivered", delivered: "delivered",
    processing: "paid", approved: "paid", invoiced: "paid", authorized: "paid", authorised: "paid", paid: "paid", partially_paid: "paid",
    shipped: "shipped", dispatched: "shipped", in_transit: "shipped", sent: "shipped", partially_fulfilled: "shipped",
    on_hold: "pending", pending: "pending", pending_payment: "pending", created: "pending", new: "pending", awaiting_payment: "pending", unpaid: "pending",
    refunded: "returned", returned: "returned", partially_refunded: "returned",
    failed: "cancelled", cancelled: "cancelled", canceled: "cancelled", voided: "cancelled", unavailable: "cancelled", declined: "cancelled", expired: "cancelled",
    // pt
    entregue: "delivered", concluido: "delivered", finalizado: "delivered", pedido_entregue: "delivered",
    pago: "paid", aprovado: "paid", pagamento_aprovado: "paid", faturado: "paid", processando: "paid", em_processamento: "paid", em_separacao: "paid",
    enviado: "shipped", despachado: "shipped", em_transito: "shipped", em_rota_de_entrega: "shipped", saiu_para_entrega: "shipped",
    pendente: "pending", aguardando_pagamento: "pending", aguardando: "pending", em_aberto: "pending", criado: "pending", novo: "pending",
    cancelado: "cancelled", recusado: "cancelled", indisponivel: "cancelled", falhou: "cancelled", malsucedido: "cancelled",
    devolvido: "returned", reembolsado: "returned", estornado: "returned",
    // es
    entregado: "delivered", completado: "delivered", completo: "delivered",
    pagado: "paid", procesando: "paid", en_proceso: "paid",
    en_transito: "shipped",
    pendiente: "pending", en_espera: "pending", pendiente_de_pago: "pending",
    fallido: "cancelled", anulado: "cancelled",
    devuelto: "returned",
    // fr
    livre: "delivered", livree: "delivered", terminee: "delivered", termine: "delivered",
    paye: "paid", payee: "paid", en_cours: "paid", validee: "paid", valide: "paid",
    expedie: "shipped", expediee: "shipped", en_livraison: "shipped",
    en_attente: "pending", en_attente_de_paiement: "pending",
    annule: "cancelled", annulee: "cancelled", echouee: "cancelled", echoue: "cancelled",
    retourne: "returned", retournee: "returned", rembourse: "returned", remboursee: "returned",
    // de
    geliefert: "delivered", zugestellt: "delivered", abgeschlossen: "delivered", erledigt: "delivered",
    bezahlt: "paid", in_bearbeitung: "paid",
    versandt: "shipped", versendet: "shipped", verschickt: "shipped", unterwegs: "shipped",
    offen: "pending", ausstehend: "pending", wartend: "pending", zahlung_ausstehend: "pending",
    storniert: "cancelled", abgebrochen: "cancelled", fehlgeschlagen: "cancelled",
    retourniert: "returned", zuruckgesandt: "returned", erstattet: "returned", ruckerstattet: "returned",
  },
  channel: {
    seo: "organic", organic_search: "organic", organico: "organic", pesquisa_organica: "organic", busqueda_organica: "organic",
    organic_social: "social", social_organico: "social", unassigned: "other", nao_atribuido: "other", affiliates: "affiliate", busca_organica: "organic", organique: "organic", naturel: "organic", organisch: "organic",
    sea: "paid_search", ppc: "paid_search", cpc: "paid_search", google_ads: "paid_search", adwords: "paid_search", busca_paga: "paid_search", pesquisa_paga: "paid_search",
    busqueda_pagada: "paid_search", busqueda_de_pago: "paid_search", recherche_payante: "paid_search", bezahlte_suche: "paid_search",
    facebook_ads: "paid_social", meta_ads: "paid_social", social_pago: "paid_social", redes_sociais_pagas: "paid_social", social_pagado: "paid_social", social_payant: "paid_social", bezahlte_soziale_medien: "paid_social",
    social_media: "social", redes_sociais: "social", redes_sociales: "social", reseaux_sociaux: "social", soziale_medien: "social", instagram: "social", facebook: "social",
    newsletter: "email", e_mail: "email", mail: "email", correo: "email", courriel: "email",
    none: "direct", "(direct)": "direct", direto: "direct", directo: "direct", direkt: "direct",
    indicacao: "referral", referencia: "referral", referido: "referral", parrainage: "referral", recommandation: "referral", empfehlung: "referral", verweis: "referral",
    afiliado: "affiliate", afiliados: "affiliate", affiliation: "affiliate", partner: "affiliate", partenaire: "affiliate",
    outro: "other", otro: "other", autre: "other", sonstige: "other", andere: "other", unknown: "other",
  },
  device: {
    phone: "mobile", smartphone: "mobile", mobile_phone: "mobile", android: "mobile", ios: "mobile", iphone: "mobile", celular: "mobile", movel: "mobile", telefone: "mobile",
    movil: "mobile", telefono: "mobile", telephone: "mobile", portable: "mobile", mobil: "mobile", handy: "mobile",
    pc: "desktop", computer: "desktop", laptop: "desktop", computador: "desktop", escritorio: "desktop", ordenador: "desktop", ordinateur: "desktop", rechner: "desktop",
    ipad: "tablet", tableta: "tablet", tablette: "tablet",
    outro: "other", otro: "other", autre: "other", sonstige: "other", unknown: "other",
  },
  event_type: {
    pageview: "page_view", page: "page_view", visualizacao_de_pagina: "page_view", vista_de_pagina: "page_view", vue_de_page: "page_view", seitenaufruf: "page_view",
    view_item: "product_view", product_viewed: "product_view", item_view: "product_view", visualizacao_de_produto: "product_view", produto_visualizado: "product_view",
    vista_de_producto: "product_view", vue_produit: "product_view", produktansicht: "product_view",
    addtocart: "add_to_cart", added_to_cart: "add_to_cart", adicionar_ao_carrinho: "add_to_cart", adicionado_ao_carrinho: "add_to_cart", anadir_al_carrito: "add_to_cart",
    ajout_au_panier: "add_to_cart", in_den_warenkorb: "add_to_cart",
    removefromcart: "remove_from_cart", removed_from_cart: "remove_from_cart", remover_do_carrinho: "remove_from_cart", eliminar_del_carrito: "remove_from_cart",
    retrait_du_panier: "remove_from_cart", aus_dem_warenkorb: "remove_from_cart",
    checkout: "begin_checkout", checkout_started: "begin_checkout", iniciar_checkout: "begin_checkout", inicio_checkout: "begin_checkout", iniciar_pago: "begin_checkout",
    debut_paiement: "begin_checkout", kasse: "begin_checkout",
    order: "purchase", order_completed: "purchase", compra: "purchase", pedido: "purchase", achat: "purchase", kauf: "purchase", bestellung: "purchase",
  },
};

/** Contract columns whose unknown words the mapping step asks about. */
export const WORD_COLUMNS = ["status", "channel", "device", "event_type", "acquisition_channel"] as const;

/** A word as the dictionary compares it: the contract's enum normalisation, accents dropped. */
export function wordKey(raw: string): string {
  return normalizeEnum(raw.normalize("NFD").replace(/[\u0300-\u036f]/g, ""));
}

/** The contract value a shop's word most likely means, or null. */
export function suggestWord(column: string, raw: string): string | null {
  const dict = WORDS[column === "acquisition_channel" ? "channel" : column];
  const k = wordKey(raw);
  return dict?.[k] ?? null;
}

/** Whether the contract reads a word as one of the column's values without help (case, spaces, aliases). */
export function isContractWord(col: ColumnSpec, raw: string): boolean {
  const n = normalizeEnum(raw);
  return (col.values ?? []).includes(col.aliases?.[n] ?? n);
}

export interface UnknownWord {
  /** The word as the file writes it (first spelling seen). */
  word: string;
  count: number;
  /** The dictionary's guess, or null. */
  suggestion: string | null;
}

/** The words of an enum column the contract does not know, most frequent first (at most `max`). */
export function unknownWords(table: TableName, column: string, values: readonly string[], max = 50): UnknownWord[] {
  const col = TABLES[table].columns.find((c) => c.name === column);
  if (!col || col.type !== "enum") return [];
  const seen = new Map<string, UnknownWord>();
  for (const v of values) {
    if (v.trim() === "" || isContractWord(col, v)) continue;
    const key = normalizeEnum(v);
    const w = seen.get(key);
    if (w) w.count++;
    else seen.set(key, { word: v.trim(), count: 1, suggestion: suggestWord(column, v) });
  }
  return [...seen.values()].sort((a, b) => b.count - a.count).slice(0, max);
}
