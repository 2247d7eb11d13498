import { loadSql } from "../pipeline/sql/render";

/** `{{@name arg=param …}}`: the fragment lib/analytics/sql/fragments/<name>.sql, its `{{arg}}` made `{{param}}` (or a quoted literal). */
const INCLUDE = /\{\{@(\w+)((?:\s+\w+=(?:\w+|'[^']*'))*)\s*\}\}/g;

/** A dashboard query's SQL with its fragments inlined: the same text for DuckDB and Athena. */
export async function loadQuerySql(name: string, read: (name: string) => Promise<string> = (n) => loadSql(`analytics/sql/${n}.sql`)): Promise<string> {
  const template = await read(name);
  const fragments: Record<string, string> = {};
  for (const m of template.matchAll(INCLUDE)) fragments[m[1]!] ??= await loadSql(`analytics/sql/fragments/${m[1]}.sql`);
  return expandFragments(template, fragments);
}

/** Inlines `{{@name arg=…}}` from `fragments` (name → text); a fragment's own comment lines are dropped. */
export function expandFragments(template: string, fragments: Readonly<Record<string, string>>): string {
  return template.replace(INCLUDE, (_, name: string, args: string) => {
    const text = fragments[name];
    if (text === undefined) throw new Error(`SQL fragment ${name} is not known`);
    const values = Object.fromEntries([...args.matchAll(/(\w+)=(\w+|'[^']*')/g)].map((a) => [a[1]!, a[2]!.startsWith("'") ? a[2]! : `{{${a[2]}}}`]));
    const body = text.replace(/^--.*\n/gm, "").trimEnd();
    return body.replace(/\{\{(\w+)\}\}/g, (whole, p: string) => values[p] ?? whole);
  });
}
