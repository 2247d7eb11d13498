import { closeDb } from "../lib/db/client";
import { isAppError } from "../lib/errors";

/**
 * Runs a command's `main` and exits with its code, the database closed first (PGlite writes on close).
 * An error is printed (an AppError as its message, anything else whole) and exits 1. `beforeExit`
 * waits for work the command started in the background (a run's notification).
 */
export function runCommand(main: () => Promise<number>, opts: { beforeExit?: () => Promise<void> } = {}): void {
  main()
    .then(async (code) => {
      await opts.beforeExit?.();
      await closeDb();
      process.exit(code);
    })
    .catch(async (e: unknown) => {
      console.error(isAppError(e) ? e.message : e);
      await closeDb().catch(() => undefined);
      process.exit(1);
    });
}
