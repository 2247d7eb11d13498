"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { latestStartedMonth, MONTH_INPUT_PATTERN } from "@/lib/contracts/months";
import { DropZone } from "./drop-zone";
import { ProfileBar } from "./profile-bar";
import { SelectedFiles } from "./selected-files";
import { UploadFooter } from "./upload-footer";
import type { UploadWorkspaceState } from "./use-upload-workspace";

/** Putting the batch together: its month, its files and their profile, then sending it. */
export function NewBatchCard({ ws }: { ws: UploadWorkspaceState }) {
  const { files, up } = ws;
  const hasFiles = files.entries.length > 0;
  return (
    <Card>
      <CardHeader title="New batch" description="Checked in your browser first — nothing is sent until you press Upload." />
      <div className="space-y-5 px-5 py-5">
        <MonthField ws={ws} />
        <DropZone onFiles={files.addFiles} disabled={up.locked} />
        {hasFiles ? <ProfileBar profiles={ws.profiles} choice={files.profileChoice} active={files.active} pick={files.pick} disabled={up.locked} onChoose={files.chooseProfile} /> : null}
        {hasFiles ? <SelectedFiles ws={ws} /> : null}
        {up.monthQuestion ? <MonthQuestion files={up.monthQuestion} month={files.month} onUploadAnyway={up.uploadAnyway} /> : null}
        {up.formError ? (
          <Alert tone="danger" title={up.phase === "failed" ? "Upload not finished" : "Can’t upload yet"}>
            {up.formError}
          </Alert>
        ) : null}
      </div>
      <UploadFooter up={up} fileCount={files.entries.length} blockedCount={ws.blockedCount} sendBytes={ws.sendBytes} />
    </Card>
  );
}

function MonthField({ ws }: { ws: UploadWorkspaceState }) {
  const { files, up } = ws;
  return (
    <TextField
      label="Month"
      name="month"
      type="month"
      placeholder="YYYY-MM"
      pattern={MONTH_INPUT_PATTERN}
      max={latestStartedMonth()}
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
  );
}

/** Upload pressed while files are mostly of another month: change the month, or confirm. */
function MonthQuestion({ files, month, onUploadAnyway }: { files: string[]; month: string; onUploadAnyway: () => void }) {
  const many = files.length > 1;
  return (
    <Alert tone="warning" title="Check the month before uploading">
      <p>
        Most rows of {files.join(", ")} are not of {month}: the run would set {many ? "them" : "those rows"} aside instead of loading them. Choose the
        month {many ? "these files are" : "this file is"} for above, or upload anyway.
      </p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onUploadAnyway}>
        Upload anyway
      </Button>
    </Alert>
  );
}
