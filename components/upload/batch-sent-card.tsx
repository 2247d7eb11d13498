"use client";

import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SentSummary } from "./sent-summary";
import type { UploadWorkspaceState } from "./use-upload-workspace";

/** Once the batch is sent: what went, and the way to start the next one. */
export function BatchSentCard({ ws }: { ws: UploadWorkspaceState }) {
  return (
    <Card>
      <CardHeader
        title="Batch sent"
        description="The run above is loading it into the lake."
        actions={
          <Button variant="secondary" size="sm" onClick={ws.up.reset}>
            Upload another batch
          </Button>
        }
      />
      <SentSummary month={ws.files.month} profileName={ws.files.active?.name ?? null} sent={ws.sent} skipped={ws.skipped} />
    </Card>
  );
}
