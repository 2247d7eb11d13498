/** Months this journey owns (no other journey loads them, so their numbers stay put). */
export const DASHBOARD_MONTHS = ["2024-02", "2024-03"] as const;
export const DASHBOARD_SCALE = 0.02;
/** Loaded last, as a shop's export often is: no sessions/events, products partly without cost or category, lines of an unknown product. */
export const PARTIAL_MONTH = "2024-04";
/** Loaded after it: sessions and events alone (the web analytics sent apart), so no revenue at all. */
export const NO_ORDERS_MONTH = "2024-05";
export const UNKNOWN_PRODUCT_ID = "P-NOT-IN-CATALOGUE";

/** Where before-server.ts leaves `npm run kpis -- --json` output for the spec, under DATA_DIR. */
export const expectedKpisPath = (dataDir: string, month: string) => `${dataDir}/e2e-manager-dashboard/kpis-${month}.json`;
