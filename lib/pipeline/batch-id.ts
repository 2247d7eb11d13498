import { randomBytes } from "node:crypto";

/** Sortable, URL- and key-safe batch id: UTC time then randomness (e.g. 20251103T140500Z-3f9a1c). */
export function newBatchId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${t}-${randomBytes(4).toString("hex")}`;
}
