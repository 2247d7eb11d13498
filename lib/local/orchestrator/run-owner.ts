import { hostname } from "node:os";

/** Which process executes a local run: "<host>:<pid>:<start ms>" (a reused pid has another start). */
export const PROCESS_OWNER = `${hostname()}:${process.pid}:${Date.now()}`;

/** How often a running run's process says it lives, and after how long without it the run is taken as interrupted. */
export const HEARTBEAT_MS = 5_000;
export const STALE_AFTER_MS = 60_000;

/**
 * Whether the owner process of a run is gone for sure: on this host, a pid that no longer exists, or
 * this very pid started at another time (this process replaced it). Another host's process is judged by
 * its heartbeat only.
 */
export function ownerIsGone(owner: string): boolean {
  const [host, pidText, start] = owner.split(":");
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return `${host}:${pidText}:${start}` !== PROCESS_OWNER;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}
