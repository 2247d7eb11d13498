import { TABLES } from "../contracts/tables";
import { pickTimestampStyle, formatInstant } from "./calendar";
import type { CsvFileWriter } from "./csv-writer";
import { Rng, Weighted } from "./prng";
import { ACQUISITION_CHANNEL_WEIGHTS, COUNTRIES, GENDER_WEIGHTS } from "./reference-data";
import { customerSignupMonths, CUSTOMERS_AT_REFERENCE, MONTH_SECONDS, REFERENCE_END } from "./volumes";

export const CUSTOMER_COLUMNS = TABLES.customers.columns.map((c) => c.name);

/**
 * The customer base is one endless, deterministic list: customer i signs up at a time that grows
 * exponentially (≈ 4 % new customers a month), and all its attributes come from its own random
 * stream. A month's customers.csv is the full dimension as of the month's end, so any month can be
 * generated alone and later months only reference customers that exist in their own file.
 */
export interface CustomerBase {
  count: number;
  /** signup instant per customer, ascending */
  signup: Float64Array;
  /** index into COUNTRIES */
  country: Uint8Array;
}

export const countryWeights = new Weighted(COUNTRIES.map((c, i) => [i, c.weight] as const));
const acquisitionWeights = Weighted.fromRecord(ACQUISITION_CHANNEL_WEIGHTS);
const genderWeights = Weighted.fromRecord(GENDER_WEIGHTS);

export function customerId(index: number): string {
  return `C${index + 1}`;
}

interface CustomerRow {
  signup: number;
  country: number;
  values: (string | number | null)[];
}

function customerRow(seed: number, scale: number, index: number, asOf: number, timeZone: string, mixed: boolean): CustomerRow {
  const rng = new Rng(seed, "customer", index);
  const base = Math.max(20, CUSTOMERS_AT_REFERENCE * scale);
  // Inverse of count(t) = base * exp(g * months since reference), jittered inside the customer's slot.
  const signup = Math.floor(REFERENCE_END + MONTH_SECONDS * customerSignupMonths((index + 1 - rng.next()) / base));
  const country = countryWeights.pick(rng);
  const info = COUNTRIES[country]!;
  const city = rng.chance(0.04) ? null : rng.pick(info.cities);
  const acquisition = rng.chance(0.05) ? null : acquisitionWeights.pick(rng);
  const birthYear = rng.chance(0.09) ? null : Math.round(Math.min(2007, Math.max(1938, 1986 + 12 * rng.normal())));
  const gender = genderWeights.pick(rng) || null;
  let segment = rng.chance(0.1) ? "business" : "consumer";
  // A few consumers become business accounts later: later months' files update them (latest batch wins).
  if (segment === "consumer" && rng.chance(0.04) && signup + rng.exp(10) * MONTH_SECONDS < asOf) segment = "business";
  const style = pickTimestampStyle(rng, mixed);
  return {
    signup,
    country,
    values: [customerId(index), formatInstant(signup, style, timeZone), info.code, city, acquisition, birthYear, gender, segment],
  };
}

/** Writes every customer signed up before `asOf` and returns what the facts need to reference them. */
export async function writeCustomers(
  writer: CsvFileWriter,
  opts: { seed: number; scale: number; asOf: number; timeZone: string; mixed: boolean },
): Promise<CustomerBase> {
  const signup: number[] = [];
  const country: number[] = [];
  for (let i = 0; ; i++) {
    const row = customerRow(opts.seed, opts.scale, i, opts.asOf, opts.timeZone, opts.mixed);
    if (row.signup >= opts.asOf) break;
    signup.push(row.signup);
    country.push(row.country);
    writer.row(row.values);
    if (writer.full) await writer.flush();
  }
  return { count: signup.length, signup: Float64Array.from(signup), country: Uint8Array.from(country) };
}
