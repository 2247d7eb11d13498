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
/** Category names come from the shop's products file: letters, digits and common punctuation only. */
const category = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &'’,.()/+-]*$/u, "category may hold letters, digits, spaces and & ' , . ( ) / + -");

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
