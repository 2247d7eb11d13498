/**
 * The code lists the contract's `country` (ISO 3166-1 alpha-2) and `currency` (ISO 4217) columns are
 * checked against: the shape alone let `ZZ`, `XX` or a typo (`RB` for `BR`) through to the dashboards. One list serves the browser's sample check (values.ts) and job 1's SQL on both backends
 * (rendered into the macros as an ENUM type, a hashed lookup as cheap as the old regex).
 */

/** The 249 officially assigned alpha-2 codes, plus `XK` (Kosovo: user-assigned, but what the EU, banks and shop platforms write). */
export const COUNTRY_CODES: readonly string[] = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
  "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
  "UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW"
).split(" ");

/**
 * ISO 3166's "exceptionally reserved" codes, read as the country they stand for: `UK` is what people type
 * for the United Kingdom (GB), `EL` what the EU writes for Greece (GR).
 */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: "GB", EL: "GR" };

/**
 * ISO 4217 codes a sale can be priced in: the current list (without funds, precious metals, SDR and
 * test codes) plus the codes withdrawn since 2021 that a past month may still carry (ANG, CUC, HRK,
 * SLL, ZWL; BGN until Bulgaria's lev is gone from the list).
 */
export const CURRENCY_CODES: readonly string[] = (
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF " +
  "CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL " +
  "HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD " +
  "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR " +
  "RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD " +
  "TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL"
).split(" ");

const COUNTRIES = new Set(COUNTRY_CODES);
const CURRENCIES = new Set(CURRENCY_CODES);

/** The stored code of a country value (upper-cased, aliases resolved), or null when it is no country. */
export function countryCode(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  const code = COUNTRY_ALIASES[v] ?? v;
  return COUNTRIES.has(code) ? code : null;
}

/** The stored code of a currency value (upper-cased), or null when it is no ISO 4217 currency. */
export function currencyCode(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  return CURRENCIES.has(v) ? v : null;
}
