import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "./index";

let cached: string | undefined;

/**
 * The app's signing secret: AUTH_SECRET when set, else one generated once and kept under DATA_DIR,
 * so a laptop install works without setup and restarts keep sessions and upload URLs valid.
 */
export function appSecret(): string {
  if (cached) return cached;
  const c = config();
  if (c.AUTH_SECRET) return (cached = c.AUTH_SECRET);
  const file = path.join(c.DATA_DIR, ".secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(c.DATA_DIR, { recursive: true });
    const s = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, s, { flag: "wx", mode: 0o600 });
    } catch {
      // Another process created it first: use theirs.
    }
    cached = readFileSync(file, "utf8").trim();
  }
  return cached;
}
