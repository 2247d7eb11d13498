"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { useToast } from "@/components/ui/toast";
import { headerFingerprint, sniffCsv, type TableName } from "@/lib/contracts";
import { isMonth } from "@/lib/contracts/months";
import { pickProfile, type ProfilePick } from "@/lib/profiles/draft";
import type { ProfileView } from "@/lib/profiles/records";
import {
  WHOLE_FILE_LIMIT,
  checkSample,
  guessMonth,
  readSample,
  readSampleFile,
  tableChecklist,
  withBatchIssues,
  type CheckContext,
  type FileCheck,
  type FileSample,
} from "@/lib/upload-check";
import { expandZips } from "./unzip-files";
import { useWholeFileChecks, type WholeFileState } from "./use-whole-file-checks";

export interface Entry {
  id: string;
  file: File;
  sample: FileSample | null;
  readError?: string;
  /** The user's table; null = detected. */
  override: TableName | null;
  /** The user's second table; undefined = as the profile says, null = none. */
  alsoOverride?: TableName | null;
}

/** Which profile reads the batch: the one recognised from the files, none (the contract), or one the user chose. */
export type ProfileChoice = { kind: "auto" } | { kind: "none" } | { kind: "saved"; id: string };

/**
 * The files of the batch being put together: their samples, the profile that reads them (picked from
 * the shop's saved profiles by file name and header fingerprint unless the user chooses), the month,
 * each file's check (the sample at once, the whole file in a worker when it is large), the checklist.
 */
export function useBatchFiles({ profiles, timeZone }: { profiles: ProfileView[]; timeZone: string }) {
  const toast = useToast();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [month, setMonthValue] = useState("");
  const [monthTouched, setMonthTouched] = useState(false);
  const [profileChoice, setProfileChoice] = useState<ProfileChoice>({ kind: "auto" });
  const nextId = useRef(1);

  // Fingerprints from the header as sniffed (whatever profile is active): next month's file is recognised by it.
  const fingerprints = useMemo(
    () =>
      entries.map((e) => {
        if (!e.sample) return null;
        const s = sniffCsv(e.sample.bytes.subarray(0, 128 * 1024));
        return s.ok ? headerFingerprint(s.header) : null;
      }),
    [entries],
  );
  const pick: ProfilePick | null = useMemo(
    () => pickProfile(profiles, entries.map((e, i) => ({ fileName: e.file.name, fingerprint: fingerprints[i] ?? null }))),
    [profiles, entries, fingerprints],
  );
  const activeId = profileChoice.kind === "saved" ? profileChoice.id : profileChoice.kind === "auto" ? (pick?.id ?? null) : null;
  const active = profiles.find((p) => p.id === activeId) ?? null;
  const profile = useMemo(() => (active ? { ...active.profile, name: active.name } : null), [active]);

  const reads = useMemo(() => entries.map((e) => (e.sample ? readSampleFile(e.sample.bytes, e.sample.complete, profile) : null)), [entries, profile]);

  const guessed = useMemo(
    () => (monthTouched ? null : guessMonth(entries.map((e, i) => ({ fileName: e.file.name, table: e.override, read: reads[i] ?? null })), timeZone, profile)),
    [entries, reads, monthTouched, timeZone, profile],
  );
  const effectiveMonth = monthTouched ? month : (guessed ?? month);

  const contexts: CheckContext[] = useMemo(
    () =>
      entries.map((e) => ({
        fileName: e.file.name,
        size: e.file.size,
        profile,
        profileTables: active && pick?.id === active.id ? pick.tablesByFile[e.file.name] : undefined,
        tableOverride: e.override,
        alsoTableOverride: e.alsoOverride,
        month: isMonth(effectiveMonth) ? effectiveMonth : null,
        timeZone,
      })),
    [entries, profile, active, pick, effectiveMonth, timeZone],
  );
  const sampleChecks = useMemo(() => entries.map((_, i) => (reads[i] ? checkSample(reads[i]!, contexts[i]!) : null)), [entries, reads, contexts]);

  // Large files are checked whole in a worker once their sample passes.
  const whole = useWholeFileChecks(
    entries.flatMap((e, i) => (e.file.size > WHOLE_FILE_LIMIT && sampleChecks[i] && !sampleChecks[i]!.blocked ? [{ id: e.id, file: e.file, ctx: contexts[i]! }] : [])),
  );
  const checks = useMemo(() => {
    const own = entries.map((e, i) => whole.done[e.id] ?? sampleChecks[i] ?? null);
    const present = own.filter((c): c is FileCheck => c !== null);
    const withBatch = withBatchIssues(present);
    let k = 0;
    return own.map((c) => (c ? withBatch[k++]! : null));
  }, [entries, whole.done, sampleChecks]);
  const checklist = useMemo(() => tableChecklist(checks.flatMap((c) => (c ? [c] : []))), [checks]);

  const addFiles = useCallback(
    async (picked: File[]) => {
      const { files, errors } = await expandZips(picked);
      for (const e of errors) toast.error("Could not read a file", e);
      const fresh: Entry[] = [];
      for (const f of files) {
        if ([...entries, ...fresh].some((e) => e.file.name === f.name && e.file.size === f.size)) continue;
        fresh.push({ id: `f${nextId.current++}`, file: f, sample: null, override: null });
      }
      if (fresh.length < files.length) toast.info("Already in the list", "Files already added were skipped.");
      setEntries((prev) => [...prev, ...fresh]);
      await Promise.all(
        fresh.map(async (entry) => {
          try {
            const sample = await readSample(entry.file);
            setEntries((prev) => prev.map((e) => (e.id === entry.id ? { ...e, sample } : e)));
          } catch {
            setEntries((prev) => prev.map((e) => (e.id === entry.id ? { ...e, readError: "The browser could not read this file." } : e)));
          }
        }),
      );
    },
    [toast, entries],
  );

  const update = (id: string, patch: Partial<Entry>) => setEntries((prev) => prev.map((e) => (e.id === id ? { ...e, ...patch } : e)));

  return {
    entries,
    reads,
    checks,
    whole: whole.states as Record<string, WholeFileState>,
    checklist,
    month: effectiveMonth,
    monthGuessed: !monthTouched && guessed !== null,
    profileChoice,
    active,
    pick,
    addFiles,
    setMonth: (m: string) => {
      setMonthValue(m);
      setMonthTouched(true);
    },
    setTable: (id: string, table: TableName | null) => update(id, { override: table }),
    setAlsoTable: (id: string, table: TableName | null) => update(id, { alsoOverride: table }),
    /** After mapping a file, its tables are the profile's again. */
    clearOverrides: (id: string) => update(id, { override: null, alsoOverride: undefined }),
    remove: (id: string) => setEntries((prev) => prev.filter((e) => e.id !== id)),
    chooseProfile: setProfileChoice,
    reset: () => {
      setEntries([]);
      setMonthValue("");
      setMonthTouched(false);
      setProfileChoice({ kind: "auto" });
    },
  };
}

export type BatchFiles = ReturnType<typeof useBatchFiles>;
