import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { normalizeEnum, parseTimestamp } from "../../lib/contracts";
import { instantOf } from "../../lib/upload-check/month-of";

/**
 * A generated month's orders and order lines written the way a Brazilian shop's ERP exports them:
 * one row per order line carrying its order, `;`, Windows-1252, decimal commas with `.` thousands,
 * day-first dates, Portuguese header names and status / channel / device words.
 */
export const PT_HEADER = [
  "Pedido", "Item", "Cliente", "Sessão", "Data", "Situação", "Moeda", "Subtotal", "Desconto do pedido", "Frete", "Impostos", "Total",
  "Forma de pagamento", "País", "Canal", "Dispositivo", "Produto", "Quantidade", "Preço unitário", "Desconto do item",
];

const STATUS: Record<string, string> = { pending: "Aguardando pagamento", paid: "Pago", shipped: "Enviado", delivered: "Entregue", cancelled: "Cancelado", canceled: "Cancelado", returned: "Devolvido" };
const CHANNEL: Record<string, string> = {
  organic: "Pesquisa orgânica", paid_search: "Pesquisa paga", paid_social: "Social pago", social: "Social orgânico", email: "E-mail",
  direct: "Direto", referral: "Referência", affiliate: "Afiliados", other: "Não atribuído",
};
const DEVICE: Record<string, string> = { desktop: "Computador", mobile: "Celular", tablet: "Tablet", other: "Outro" };

const rows = (file: string) => Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
const two = (n: number) => String(n).padStart(2, "0");

/** `2025-04-03T14:05:00Z` (any contract spelling) → `03/04/2025 14:05:00`, wall clock in UTC (the e2e server's business zone). */
function dmy(raw: string): string {
  const t = parseTimestamp(raw);
  if (!t) return raw;
  const d = new Date(instantOf(t, "UTC") * 1000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `1234.5` → `1.234,50`. */
function money(raw: string): string {
  if (raw.trim() === "") return "";
  const [int, frac = ""] = Number(raw).toFixed(2).split(".");
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${frac}`;
}

const word = (dict: Record<string, string>, raw: string) => (raw.trim() === "" ? "" : (dict[normalizeEnum(raw)] ?? raw));

export function ptOrderLines(monthDir: string): Buffer {
  const orders = new Map(rows(path.join(monthDir, "orders.csv")).map((o) => [o.order_id!, o]));
  const lineNo = new Map<string, number>();
  const out: string[][] = [PT_HEADER];
  for (const it of rows(path.join(monthDir, "order_items.csv"))) {
    const o = orders.get(it.order_id!);
    if (!o) continue;
    const n = (lineNo.get(o.order_id!) ?? 0) + 1;
    lineNo.set(o.order_id!, n);
    out.push([
      o.order_id!, String(n), o.customer_id!, o.session_id ?? "", dmy(o.order_ts!), word(STATUS, o.status!), o.currency ?? "", money(o.subtotal ?? ""),
      money(o.discount ?? ""), money(o.shipping ?? ""), money(o.tax ?? ""), money(o.total ?? ""), o.payment_method ?? "", o.country ?? "",
      word(CHANNEL, o.channel ?? ""), word(DEVICE, o.device ?? ""), it.product_id!, it.quantity!, money(it.unit_price!), money(it.discount ?? ""),
    ]);
  }
  const text = Papa.unparse(out, { delimiter: ";", newline: "\r\n" }) + "\r\n";
  // Windows-1252 = Latin-1 for these characters; anything else would be a bug in this fixture.
  if (/[^\u0000-\u00ff]/.test(text)) throw new Error("the export has characters Windows-1252 cannot write");
  return Buffer.from(text, "latin1");
}
