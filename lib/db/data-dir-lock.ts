import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

/**
 * PGlite runs inside the process and does not lock its files: a second process opening the same
 * directory (say `npm run pipeline` while `npm run dev` runs) would corrupt it. A pid file makes
 * that a clear error instead; a file left by a dead process is taken over.
 */
export function lockDataDir(lockPath: string, label: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number(readFileSafe(lockPath));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        const who = holder === process.pid ? "this process already" : `process ${holder}`;
        throw new Error(
          `The embedded database ${label} is open in ${who}; PGlite allows one process at a time. ` +
            `Stop that process, use another DATA_DIR, or set DATABASE_URL to a PostgreSQL server.`,
        );
      }
      try {
        unlinkSync(lockPath); // stale: its process is gone
      } catch {
        // someone else removed it first; retry
      }
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, "utf8").trim();
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
