import { readFile } from "node:fs/promises";
import path from "node:path";

/** Job and query SQL live in .sql files (the single source for every backend); `{{name}}` marks a parameter. */
export const SQL_ROOT = path.join(process.cwd(), "lib");

const cache = new Map<string, string>();

export async function loadSql(relative: string): Promise<string> {
  let text = cache.get(relative);
  if (text === undefined) {
    text = await readFile(path.join(SQL_ROOT, relative), "utf8");
    cache.set(relative, text);
  }
  return text;
}

/** Fills `{{name}}` placeholders; every value must be given (a typo fails loudly, not silently). */
export function renderSql(sql: string, params: Readonly<Record<string, string | number>>): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`SQL parameter {{${name}}} has no value`);
    return String(v);
  });
}

/** A SQL string literal (single quotes doubled). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL identifier, only from our own names (contract tables/columns), never user input. */
export function sqlIdent(s: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`Not a safe identifier: ${s}`);
  return `"${s}"`;
}
