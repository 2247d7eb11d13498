import { readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The node arguments of a package.json script written as "node [flags] FILE [ARGS]": a test runs them
 * with its own node, as `npm run NAME` does but without npm's start-up, so the command tested is the
 * command users run (today through scripts/run-bundled.mjs).
 */
export function npmScriptArgs(name: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const script = scripts[name];
  if (!script) throw new Error(`package.json has no script "${name}"`);
  const [bin, ...args] = script.split(/\s+/);
  if (bin !== "node") throw new Error(`package.json script "${name}" does not start with node: ${script}`);
  return args;
}
