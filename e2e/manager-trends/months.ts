/** Months this journey owns (no other journey loads them): a six-month range. */
export const TREND_MONTHS = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"] as const;
export const TREND_SCALE = 0.02;
export const TREND_SEED = 13;

/** Where before-server.ts leaves its files for the spec, under DATA_DIR. */
export const trendsDir = (dataDir: string) => `${dataDir}/e2e-manager-trends`;
export const choicePath = (dataDir: string) => `${trendsDir(dataDir)}/choice.json`;
export const cliPath = (dataDir: string) => `${trendsDir(dataDir)}/kpis-range.json`;
export const csvDir = (dataDir: string) => `${trendsDir(dataDir)}/csv`;

/** The country and category the manager drills into (the largest ones, picked from the oracle). */
export interface TrendChoice {
  country: string;
  category: string;
}
