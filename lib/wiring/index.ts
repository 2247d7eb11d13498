import path from "node:path";
import type { Backend } from "../backend/types";
import { config } from "../config";

const g = globalThis as unknown as { __shoplakeBackend?: Promise<Backend> };

/** The backend chosen by PORTAL_BACKEND (validated at start-up); one per process. */
export function getBackend(): Promise<Backend> {
  g.__shoplakeBackend ??= create().catch((e: unknown) => {
    g.__shoplakeBackend = undefined;
    throw e;
  });
  return g.__shoplakeBackend;
}

async function create(): Promise<Backend> {
  const c = config();
  if (c.PORTAL_BACKEND === "aws") {
    const { createAwsBackend } = await import("../aws/backend");
    return createAwsBackend(c);
  }
  const { createLocalBackend } = await import("../local/backend");
  return createLocalBackend(c);
}

/** The folder the local backend keeps everything in (lake, database), or null where the backend is AWS. */
export function localDataDir(): string | null {
  const c = config();
  return c.PORTAL_BACKEND === "local" ? path.resolve(c.DATA_DIR) : null;
}

/** Closes the process's backend, if one was made (its timers, its runs, its notifications), and drops it. */
export async function closeBackend(): Promise<void> {
  const pending = g.__shoplakeBackend;
  g.__shoplakeBackend = undefined;
  const backend = await pending?.catch(() => undefined);
  await backend?.close();
}

/** Tests that switch configuration drop the cached backend. */
export function resetBackend(): void {
  g.__shoplakeBackend = undefined;
}

export type { Backend };

/** Tests inject a backend built with other parts (e.g. a job that fails on purpose). */
export function setBackendForTests(backend: Backend): void {
  g.__shoplakeBackend = Promise.resolve(backend);
}
