"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { isMonth, MONTH_INPUT_PATTERN } from "@/lib/contracts/months";
import type { ProfileView } from "@/lib/profiles/records";
import type { BatchView } from "./api-types";
import { DropZone } from "./drop-zone";
import { FileCard } from "./file-card";
import { HowItWorks } from "./how-it-works";
import { MappingStep } from "./mapping/mapping-step";
import { MyUploads } from "./my-uploads";
import { ProfileBar } from "./profile-bar";
import { RunPanel } from "./run-panel";
import { SentSummary } from "./sent-summary";
import { TableChecklist } from "./table-checklist";
import { UploadFooter } from "./upload-footer";
import { useBatchFiles } from "./use-batch-files";
import { IDLE, useBatchUpload } from "./use-batch-upload";

/** The upload page: the batch's files (checked through the shop's profile), the mapping step, sending, the run. */
export function UploadWorkspace({ initialBatches, initialProfiles, timeZone }: { initialBatches: BatchView[]; initialProfiles: ProfileView[]; timeZone: string }) {
  const toast = useToast();
  const [profiles, setProfiles] = useState(initialProfiles);
  const [mappingId, setMappingId] = useState<string | null>(null);
  const files = useBatchFiles({ profiles, timeZone });
  const up = useBatchUpload({ files, initialBatches });
  const { entries, checks } = files;
  const phase = up.phase;

  const mappingIndex = entries.findIndex((e) => e.id === mappingId);
  const mappingEntry = mappingIndex >= 0 ? entries[mappingIndex] : undefined;
  const sendBytes = up.sendable.reduce((s, e) => s + e.file.size, 0);
  const blockedCount = entries.length - up.sendable.length - checks.filter((c) => c === null).length;

  const onProfileSaved = (p: ProfileView) => {
    setProfiles((ps) => [p, ...ps.filter((x) => x.id !== p.id)]);
    files.chooseProfile({ kind: "saved", id: p.id });
    if (mappingEntry) files.clearOverrides(mappingEntry.id);
    setMappingId(null);
    toast.success(`Profile “${p.name}” saved`, "The batch is read with it now; next month it is picked by itself.");
  };

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="min-w-0 space-y-6">
          {up.runId && up.batchId ? <RunPanel key={up.runId} batchId={up.batchId} runId={up.runId} onFinished={up.onRunFinished} /> : null}

          {mappingEntry?.sample && phase === "select" ? (
            <MappingStep
              key={mappingEntry.id}
              input={{
                fileName: mappingEntry.file.name,
                size: mappingEntry.file.size,
                sample: mappingEntry.sample,
                base: files.active,
                tables: { table: checks[mappingIndex]?.table ?? null, alsoTable: checks[mappingIndex]?.alsoTable ?? null },
                month: isMonth(files.month) ? files.month : null,
                timeZone,
              }}
              onSaved={onProfileSaved}
              onCancel={() => setMappingId(null)}
            />
          ) : (
            <Card>
              <CardHeader
                title={phase === "following" ? "Batch sent" : "New batch"}
                description={phase === "following" ? "The run above is loading it into the lake." : "Checked in your browser first — nothing is sent until you press Upload."}
                actions={
                  phase === "following" ? (
                    <Button variant="secondary" size="sm" onClick={up.reset}>
                      Upload another batch
                    </Button>
                  ) : null
                }
              />
              {phase === "following" ? (
                <SentSummary
                  month={files.month}
                  profileName={files.active?.name ?? null}
                  sent={up.sendable.map((e) => {
                    const c = checks[entries.indexOf(e)];
                    return { name: e.file.name, size: e.file.size, tables: [c?.table, c?.alsoTable].filter((t): t is NonNullable<typeof t> => Boolean(t)) };
                  })}
                  skipped={entries.filter((e) => !up.sendable.includes(e)).map((e) => e.file.name)}
                />
              ) : (
                <div className="space-y-5 px-5 py-5">
                  <TextField
                    label="Month"
                    name="month"
                    type="month"
                    placeholder="YYYY-MM"
                    pattern={MONTH_INPUT_PATTERN}
                    className="max-w-xs"
                    value={files.month}
                    disabled={up.locked}
                    error={up.monthError}
                    hint={files.monthGuessed ? "Suggested from the files — change it if it is wrong." : "The month the data belongs to (YYYY-MM)."}
                    onChange={(e) => {
                      files.setMonth(e.target.value);
                      up.clearMonthError();
                    }}
                  />
                  <DropZone onFiles={files.addFiles} disabled={up.locked} />
                  {entries.length > 0 ? (
                    <ProfileBar profiles={profiles} choice={files.profileChoice} active={files.active} pick={files.pick} disabled={up.locked} onChoose={files.chooseProfile} />
                  ) : null}
                  {entries.length > 0 ? (
                    <ul aria-label="Selected files" className="space-y-3">
                      {entries.map((e, i) => (
                        <FileCard
                          key={e.id}
                          fileName={e.file.name}
                          size={e.file.size}
                          check={checks[i] ?? null}
                          readError={e.readError}
                          transfer={up.transfers[e.id] ?? IDLE}
                          whole={files.whole[e.id]}
                          locked={up.locked}
                          onTable={(t) => files.setTable(e.id, t)}
                          onAlsoTable={(t) => files.setAlsoTable(e.id, t)}
                          onMap={() => setMappingId(e.id)}
                          onRemove={() => files.remove(e.id)}
                        />
                      ))}
                    </ul>
                  ) : null}
                  {up.formError ? (
                    <Alert tone="danger" title={phase === "failed" ? "Upload not finished" : "Can’t upload yet"}>
                      {up.formError}
                    </Alert>
                  ) : null}
                </div>
              )}
              {phase === "following" ? null : <UploadFooter up={up} fileCount={entries.length} blockedCount={blockedCount} sendBytes={sendBytes} />}
            </Card>
          )}
        </div>

        <aside className="grid content-start gap-6 md:grid-cols-2 lg:grid-cols-1">
          <TableChecklist items={files.checklist} />
          <HowItWorks />
        </aside>
      </div>

      <MyUploads batches={up.batches} />
    </div>
  );
}
