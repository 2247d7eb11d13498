import { profileTablesForFile, tableFromFileName, tableFromHeader, type SourceProfile, type TableName } from "../contracts";

export type DetectedBy = "profile" | "name" | "header";

export interface TableChoice {
  /** The table the file loads into (the user's choice, else detected). */
  table: TableName | null;
  /** A second table the same file feeds (an order-lines export: `orders` and `order_items`). */
  alsoTable: TableName | null;
  detected: TableName | null;
  detectedBy: DetectedBy | null;
  overridden: boolean;
}

export interface TableChoiceInput {
  fileName: string;
  header: readonly string[];
  profile: SourceProfile | null;
  /** Tables a saved profile knows this file by (its header fingerprint), when its globs do not match. */
  profileTables?: readonly TableName[];
  tableOverride?: TableName | null;
  /** undefined: as the profile says; null: no second table; else that table. */
  alsoTableOverride?: TableName | null;
}

/**
 * Which table a file is: the user's choice, else the profile (its file globs, or the header fingerprint
 * it was saved with), else the file name, else the header (DATA_CONTRACT.md "Files").
 */
export function chooseTables(input: TableChoiceInput): TableChoice {
  const byGlob = profileTablesForFile(input.profile, input.fileName);
  const fromProfile = byGlob.length > 0 ? byGlob : (input.profileTables ?? []).filter((t) => input.profile?.tables?.[t] !== undefined);
  const byName = tableFromFileName(input.fileName);
  const byHeader = byName ? null : tableFromHeader(input.header);
  const detected = fromProfile[0] ?? byName ?? byHeader;
  const detectedBy: DetectedBy | null = fromProfile[0] ? "profile" : byName ? "name" : byHeader ? "header" : null;
  const override = input.tableOverride ?? null;
  const table = override ?? detected;
  let alsoTable: TableName | null = input.alsoTableOverride !== undefined ? input.alsoTableOverride : table === fromProfile[0] ? (fromProfile[1] ?? null) : null;
  if (alsoTable === table) alsoTable = null;
  return { table, alsoTable, detected, detectedBy, overridden: override !== null };
}
