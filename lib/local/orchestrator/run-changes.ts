import { EventEmitter } from "node:events";

// A run executed in this process says when its status or a step's changes, so a caller waiting for it
// (the CLI, tests) reads it at once instead of on its next poll.
const changes = new EventEmitter().setMaxListeners(0);

export function runChanged(runId: string): void {
  changes.emit(runId);
}

/** Resolves when the run changes in this process, or after `maxMs` (a change made elsewhere). */
export function untilRunChanges(runId: string, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      changes.off(runId, done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    changes.once(runId, done);
  });
}
