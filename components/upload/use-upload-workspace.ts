"use client";

import { useEffect, useState } from "react";
import { useToast } from "@/components/ui/toast";
import { isMonth } from "@/lib/contracts/months";
import type { ProfileView } from "@/lib/profiles/records";
import type { BatchView } from "@/lib/portal/upload-types";
import type { MappingInput } from "./mapping/use-mapping";
import { useBatchFiles } from "./use-batch-files";
import { useBatchUpload } from "./use-batch-upload";

/**
 * The upload page's state: the shop's profiles, the batch's files, the sending, and which file is being
 * mapped; the page's components only render what this returns.
 */
export function useUploadWorkspace({ initialBatches, initialProfiles, timeZone }: { initialBatches: BatchView[]; initialProfiles: ProfileView[]; timeZone: string }) {
  const toast = useToast();
  const [profiles, setProfiles] = useState(initialProfiles);
  const [mappingId, setMappingId] = useState<string | null>(null);
  const files = useBatchFiles({ profiles, timeZone });
  const up = useBatchUpload({ files, initialBatches });
  const { entries, checks } = files;

  const mappingIndex = entries.findIndex((e) => e.id === mappingId);
  const mappingEntry = mappingIndex >= 0 ? entries[mappingIndex] : undefined;
  // The mapping step replaces the form only while the batch is still being put together.
  const mapping: { id: string; input: MappingInput } | null =
    mappingEntry?.sample && up.phase === "select"
      ? {
          id: mappingEntry.id,
          input: {
            fileName: mappingEntry.file.name,
            size: mappingEntry.file.size,
            sample: mappingEntry.sample,
            base: files.active,
            tables: { table: checks[mappingIndex]?.table ?? null, alsoTable: checks[mappingIndex]?.alsoTable ?? null },
            month: isMonth(files.month) ? files.month : null,
            timeZone,
          },
        }
      : null;

  const mappingHistory = useMappingHistory(setMappingId);

  const onProfileSaved = (p: ProfileView) => {
    setProfiles((ps) => [p, ...ps.filter((x) => x.id !== p.id)]);
    files.chooseProfile({ kind: "saved", id: p.id });
    if (mappingEntry) files.clearOverrides(mappingEntry.id);
    mappingHistory.close();
    toast.success(`Profile “${p.name}” saved`, "The batch is read with it now; next month it is picked by itself.");
  };

  const sent = up.sendable.map((e) => {
    const c = checks[entries.indexOf(e)];
    return { name: e.file.name, size: e.file.size, tables: [c?.table, c?.alsoTable].filter((t): t is NonNullable<typeof t> => Boolean(t)) };
  });

  return {
    profiles,
    files,
    up,
    mapping,
    openMapping: mappingHistory.open,
    closeMapping: mappingHistory.close,
    onProfileSaved,
    sent,
    skipped: entries.filter((e) => !up.sendable.includes(e)).map((e) => e.file.name),
    sendBytes: up.sendable.reduce((s, e) => s + e.file.size, 0),
    blockedCount: entries.length - up.sendable.length - checks.filter((c) => c === null).length,
  };
}

const MAPPING_STATE = "shoplakeMapping";

/**
 * The mapping step is a step of its own in the browser's history: opening it pushes an entry (same
 * URL), so Back closes it and returns to the file list, with the batch's files still there, instead
 * of leaving the page. Cancel and Save go back over that entry, so none is left behind.
 */
function useMappingHistory(setMappingId: (id: string | null) => void) {
  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      const id: unknown = (e.state as Record<string, unknown> | null)?.[MAPPING_STATE];
      setMappingId(typeof id === "string" ? id : null);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, [setMappingId]);
  const ours = () => typeof (window.history.state as Record<string, unknown> | null)?.[MAPPING_STATE] === "string";
  return {
    open: (id: string) => {
      // Next's router keeps its own fields in the entry (its pushState copies them in).
      if (ours()) window.history.replaceState({ ...window.history.state, [MAPPING_STATE]: id }, "");
      else window.history.pushState({ [MAPPING_STATE]: id }, "");
      setMappingId(id);
    },
    close: () => {
      setMappingId(null);
      if (ours()) window.history.back();
    },
  };
}

export type UploadWorkspaceState = ReturnType<typeof useUploadWorkspace>;
