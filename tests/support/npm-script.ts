import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

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

const execNode = promisify(execFile);

/** Runs this node with ARGS; resolves with the exit code and the output instead of throwing. */
export async function runNode(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execNode(process.execPath, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, maxBuffer: 1 << 24 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Runs the package.json script NAME with ARGS as `npm run NAME -- ARGS` does. */
export const runNpmScript = (name: string, args: string[], env: Record<string, string> = {}) => runNode([...npmScriptArgs(name), ...args], { env });
