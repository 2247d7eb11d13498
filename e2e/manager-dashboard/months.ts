/** Months this journey owns (no other journey loads them, so their numbers stay put). */
export const DASHBOARD_MONTHS = ["2024-02", "2024-03"] as const;
export const DASHBOARD_SCALE = 0.02;

/** Where before-server.ts leaves `npm run kpis -- --json` output for the spec, under DATA_DIR. */
export const expectedKpisPath = (dataDir: string, month: string) => `${dataDir}/e2e-manager-dashboard/kpis-${month}.json`;
