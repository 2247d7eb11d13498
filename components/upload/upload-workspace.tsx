"use client";

import type { ProfileView } from "@/lib/profiles/records";
import type { BatchView } from "@/lib/portal/upload-types";
import { BatchSentCard } from "./batch-sent-card";
import { HowItWorks } from "./how-it-works";
import { MappingStep } from "./mapping/mapping-step";
import { MyUploads } from "./my-uploads";
import { NewBatchCard } from "./new-batch-card";
import { RunPanel } from "./run-panel";
import { TableChecklist } from "./table-checklist";
import { useUploadWorkspace } from "./use-upload-workspace";

/** The upload page: the batch's files (checked through the shop's profile), the mapping step, sending, the run. */
export function UploadWorkspace(props: { initialBatches: BatchView[]; initialProfiles: ProfileView[]; timeZone: string }) {
  const ws = useUploadWorkspace(props);
  const { up, mapping } = ws;
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="min-w-0 space-y-6">
          {up.runId && up.batchId ? <RunPanel key={up.runId} batchId={up.batchId} runId={up.runId} onFinished={up.onRunFinished} /> : null}
          {mapping ? (
            <MappingStep key={mapping.id} input={mapping.input} onSaved={ws.onProfileSaved} onCancel={ws.closeMapping} />
          ) : up.phase === "following" ? (
            <BatchSentCard ws={ws} />
          ) : (
            <NewBatchCard ws={ws} />
          )}
        </div>

        <aside className="grid content-start gap-6 md:grid-cols-2 lg:grid-cols-1">
          <TableChecklist items={ws.files.checklist} />
          <HowItWorks />
        </aside>
      </div>

      <MyUploads batches={up.batches} current={up.batchId} onDiscard={up.discard} />
    </div>
  );
}
