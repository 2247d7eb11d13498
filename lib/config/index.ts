import { configSchema, type AppConfig } from "./schema";
export { memorySizeBytes } from "./schema";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment into the typed config; the message names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings mean "not set" (shells and .env files often leave them blank).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests and CLIs that change the environment call this to re-read it. */
export function resetConfig(): void {
  cached = undefined;
}

export type { AppConfig };
