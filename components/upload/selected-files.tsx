"use client";

import { FileCard } from "./file-card";
import { IDLE } from "./use-batch-upload";
import type { UploadWorkspaceState } from "./use-upload-workspace";

/** The batch's files, each with its check, its tables and its transfer. */
export function SelectedFiles({ ws }: { ws: UploadWorkspaceState }) {
  const { files, up } = ws;
  return (
    <ul aria-label="Selected files" className="space-y-3">
      {files.entries.map((e, i) => (
        <FileCard
          key={e.id}
          fileName={e.file.name}
          size={e.file.size}
          check={files.checks[i] ?? null}
          readError={e.readError}
          transfer={up.transfers[e.id] ?? IDLE}
          whole={files.whole[e.id]}
          locked={up.locked}
          onTable={(t) => files.setTable(e.id, t)}
          onAlsoTable={(t) => files.setAlsoTable(e.id, t)}
          onMap={() => ws.openMapping(e.id)}
          onRemove={() => files.remove(e.id)}
        />
      ))}
    </ul>
  );
}
