import type { TableName } from "../contracts/types";

/**
 * Longest file-name segment of a raw key, in bytes. A file system name is at most 255 bytes (ext4, APFS,
 * NTFS), and the lakes first write beside it `<name>.<uuid>.part` (the local upload receiver, +42) or
 * `<name>.<pid>.<ms>.part` (+27); an S3 object is staged into a local file the same way. So a file with
 * a long name (255 characters is a valid one, and ".csv" may be added) is stored under a shortened key;
 * its name as the user gave it stays on the batch and in the manifest.
 */
export const MAX_KEY_NAME_BYTES = 200;

/** Lake keys, the same locally and on S3 (DESIGN.md "Lake layout"). */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file.csv";
  // ASCII only from here on, so a character is a byte in UTF-8 (and on every file system).
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "");
  const [stem, ext] = cleaned.toLowerCase().endsWith(".csv") ? [cleaned.slice(0, -4), cleaned.slice(-4)] : [cleaned || "file", ".csv"];
  // A batch has one file per table and each table its own folder: a shortened name cannot collide.
  return `${stem.slice(0, MAX_KEY_NAME_BYTES - ext.length)}${ext}`;
}

export const lakeKeys = {
  rawFile: (table: TableName, month: string, batchId: string, fileName: string) =>
    `raw/${table}/month=${month}/batch=${batchId}/${safeFileName(fileName)}`,
  rawBatchPrefix: (table: TableName, month: string, batchId: string) => `raw/${table}/month=${month}/batch=${batchId}/`,
  manifest: (month: string, batchId: string) => `raw/_manifests/month=${month}/batch=${batchId}.json`,
  manifestsPrefix: () => "raw/_manifests/",
  processedPrefix: (table: string, month: string) => `processed/${table}/month=${month}/`,
  processedTable: (table: string) => `processed/${table}/`,
  rejectsPrefix: (table: string, month: string) => `processed/_rejects/${table}/month=${month}/`,
  /** Each batch keeps its own quarantine: a later batch of the month never overwrites an earlier one's. */
  rejectsBatchPrefix: (table: string, month: string, batchId: string) => `processed/_rejects/${table}/month=${month}/batch=${batchId}/`,
  curatedPrefix: (table: string, month: string) => `curated/${table}/month=${month}/`,
  curatedTable: (table: string) => `curated/${table}/`,
  /** A run's month, built but not yet published (DESIGN.md: the quality gate decides). Not crawled. */
  stagingRun: (month: string, runName: string) => `staging/${month}/${runName}/`,
  stagingMonth: (month: string) => `staging/${month}/`,
  stagedPrefix: (month: string, runName: string, layer: "processed" | "curated", table: string) =>
    `staging/${month}/${runName}/${layer}/${table}/month=${month}/`,
  reports: (runName: string) => `processed/_reports/${runName}/`,
  report: (runName: string, name: string) => `processed/_reports/${runName}/${name}.json`,
};

const MANIFEST_KEY = /^raw\/_manifests\/month=(\d{4}-\d{2})\/batch=([A-Za-z0-9_-]+)\.json$/;

/** The month of a key inside a `month=YYYY-MM/` partition, or null. */
export const monthOfKey = (key: string): string | null => /\/month=(\d{4}-\d{2})\//.exec(key)?.[1] ?? null;

export function parseManifestKey(key: string): { month: string; batchId: string } | null {
  const m = MANIFEST_KEY.exec(key);
  return m ? { month: m[1]!, batchId: m[2]! } : null;
}
