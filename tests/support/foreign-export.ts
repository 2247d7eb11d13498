/**
 * A small order-lines export as a Brazilian shop writes it: `;`, decimal commas with `.` thousands,
 * Windows-1252, day-first dates, Portuguese header names and status words. One row per order line.
 */
export const PT_HEADER = ["Pedido", "Item", "Cliente", "Data do pedido", "Situação", "Produto", "Quantidade", "Preço unitário", "Frete", "Total"];

export interface PtLine {
  order: string;
  item: number;
  customer: string;
  date: string;
  status: string;
  product: string;
  qty: string;
  price: string;
  freight: string;
  total: string;
}

export const ptLine = (i: number, over: Partial<PtLine> = {}): PtLine => ({
  order: `P${1000 + Math.floor(i / 2)}`,
  item: (i % 2) + 1,
  customer: `C${200 + Math.floor(i / 2)}`,
  date: `${String(3 + (i % 20)).padStart(2, "0")}/11/2025 14:${String(i % 60).padStart(2, "0")}`,
  status: ["Entregue", "Pago", "Enviado", "Cancelado", "Aguardando pagamento"][Math.floor(i / 2) % 5]!,
  product: `SKU-${i % 7}`,
  qty: String(1 + (i % 3)),
  price: i % 4 === 0 ? "1.299,90" : `${19 + i},50`,
  freight: "12,00",
  total: "1.331,90",
  ...over,
});

export function ptCsv(lines: PtLine[], header = PT_HEADER): string {
  const row = (l: PtLine) => [l.order, l.item, l.customer, l.date, l.status, l.product, l.qty, l.price, l.freight, l.total].join(";");
  return `${header.join(";")}\r\n${lines.map(row).join("\r\n")}\r\n`;
}

/** Windows-1252 bytes of a text made of Latin-1 characters (what the shop's ERP writes). */
export function cp1252(text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new Error(`not a Latin-1 character: ${text[i]}`);
    out[i] = c;
  }
  return out;
}

export const ptExport = (n: number, over: (i: number) => Partial<PtLine> = () => ({})) => cp1252(ptCsv(Array.from({ length: n }, (_, i) => ptLine(i, over(i)))));
