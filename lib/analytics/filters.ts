import { z } from "zod";
import { CHANNELS, DEVICES } from "../contracts/tables";

/**
 * Dashboard filters: whitelisted values only. They reach the SQL as literals rendered by queryParams
 * (never concatenated text); a filter not set is SQL NULL, which the query files read as "all".
 */
export const FILTER_KEYS = ["country", "channel", "device", "category"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** ISO-2 as the curated layer upper-cases it; `??` is the bucket of orders without any country. */
const country = z.string().regex(/^([A-Z]{2}|\?\?)$/, "country must be an ISO 3166-1 alpha-2 code");
/**
 * Category names are the shop's own text (Olist's `cama_mesa_banho`, Shopify's `Apparel > Shirts`, a
 * `50% off` collection): any text but control characters, as long as a name the dashboard shows. The
 * value reaches the SQL as an escaped literal (queryParams), so no character needs keeping out for safety.
 */
export const MAX_CATEGORY_CHARS = 500;
const category = z
  .string()
  .max(MAX_CATEGORY_CHARS, `category is at most ${MAX_CATEGORY_CHARS} characters`)
  // NUL among them: DuckDB's parser would end the literal there.
  .regex(/^[^\p{Cc}\u2028\u2029]+$/u, "category must be text without control characters")
  .refine((s) => s.trim() !== "", "category must not be blank");

export const FILTER_SCHEMAS = {
  country,
  channel: z.enum(CHANNELS),
  device: z.enum(DEVICES),
  category,
} as const;

export const filtersSchema = z.object({
  country: country.optional(),
  channel: z.enum(CHANNELS).optional(),
  device: z.enum(DEVICES).optional(),
  category: category.optional(),
});
export type DashboardFilters = z.infer<typeof filtersSchema>;

/** The four filter parameters every range query takes; "" = not filtered (rendered as NULL). */
export function filterParams(f: DashboardFilters): Record<FilterKey, string> {
  return { country: f.country ?? "", channel: f.channel ?? "", device: f.device ?? "", category: f.category ?? "" };
}

export const hasFilters = (f: DashboardFilters) => FILTER_KEYS.some((k) => f[k] !== undefined);

/** "country FR, channel email": for captions and CSV notes. */
export function describeFilters(f: DashboardFilters): string {
  return FILTER_KEYS.filter((k) => f[k] !== undefined).map((k) => `${k} ${f[k]}`).join(", ");
}
