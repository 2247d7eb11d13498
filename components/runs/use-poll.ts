"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `tick` every `intervalMs` while `active`, never overlapping (the next call waits for the
 * previous one). Pauses while the tab is hidden, catches up when it shows again.
 */
export function usePoll(tick: () => Promise<void>, intervalMs: number, active: boolean): void {
  const latest = useRef(tick);
  useEffect(() => {
    latest.current = tick;
  });
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      if (stopped) return;
      if (document.visibilityState === "visible") {
        try {
          await latest.current();
        } catch {
          // the tick reports its own errors; keep polling
        }
      }
      if (!stopped) timer = setTimeout(loop, intervalMs);
    };
    timer = setTimeout(loop, intervalMs);
    const onVisible = () => {
      if (document.visibilityState === "visible" && timer) {
        clearTimeout(timer);
        void loop();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [intervalMs, active]);
}
