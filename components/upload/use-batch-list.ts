"use client";

import { useCallback, useState } from "react";
import { useToast } from "@/components/ui/toast";
import type { BatchView, RunView } from "@/lib/portal/upload-types";
import { runStatusText } from "./run-status";
import { uploadApi } from "./upload-api";

/** The shop's earlier batches, refreshed when a batch is sent, cancelled or its run ends. */
export function useBatchList(initialBatches: BatchView[]) {
  const toast = useToast();
  const [batches, setBatches] = useState(initialBatches);

  const refreshBatches = useCallback(async () => {
    try {
      setBatches(await uploadApi.listBatches());
    } catch {
      // The list is a convenience; the run panel already shows the outcome.
    }
  }, []);

  const onRunFinished = useCallback(
    (run: RunView) => {
      const text = runStatusText(run.status);
      if (run.status === "succeeded") toast.success(`Run ${text.toLowerCase()}`, "The month is loaded. The dashboards show it now.");
      else if (run.status === "partial") toast.info("Run finished with problems", "Some tables failed or rows were quarantined; see the table below.");
      else toast.error("Run failed", run.error ?? "Open the run to read the logs.");
      void refreshBatches();
    },
    [toast, refreshBatches],
  );

  return { batches, refreshBatches, onRunFinished };
}
