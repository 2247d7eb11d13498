"use client";

import { useMemo, useState } from "react";
import { ZodError } from "zod";
import { postJson } from "@/components/ui/fetch-json";
import { headerFingerprint, sniffCsv, type SourceProfile, type TableName } from "@/lib/contracts";
import { profileFromMapping, type FormatDraft, type TableMapping } from "@/lib/profiles/draft";
import { previewTable, type PreviewTable } from "@/lib/profiles/preview";
import type { ProfileView } from "@/lib/profiles/records";
import { mappingForTable, startMapping, wordsFor, type MappingSample, type MappingStart } from "@/lib/profiles/start-mapping";
import type { ColumnSuggestion } from "@/lib/profiles/suggest-columns";
import { checkSample, readSampleFile, type FileCheck, type FileSample, type SampleRead } from "@/lib/upload-check";

export interface MappingInput {
  fileName: string;
  size: number;
  sample: FileSample;
  /** The saved profile the batch is read with: the mapping extends it (null: a new profile). */
  base: ProfileView | null;
  /** The tables the page already knows for the file (null: guess from the header). */
  tables: { table: TableName | null; alsoTable: TableName | null };
  month: string | null;
  timeZone: string;
}

const formatOnly = (f: FormatDraft): SourceProfile => ({ delimiter: f.delimiter, encoding: f.encoding });

function sampleOf(fileName: string, read: SampleRead): MappingSample | null {
  if (!read.ok) return null;
  return { fileName, header: read.sample.header, rows: read.sample.rows.map((r) => r.fields), detected: read.plan.detected };
}

/**
 * The mapping step's state: how the file is written, which tables it feeds, which source column
 * each contract column reads and which contract value each unknown word means. Everything shown is
 * derived from the draft profile exactly as the upload check and the jobs will read it.
 */
export function useMapping(input: MappingInput, onSaved: (p: ProfileView) => void) {
  const { sample } = input;
  const [start] = useState<{ start: MappingStart; sample: MappingSample } | null>(() => {
    const s = sampleOf(input.fileName, readSampleFile(sample.bytes, sample.complete, null));
    return s ? { start: startMapping(s, input.base?.profile ?? null, input.tables.table ? input.tables : undefined), sample: s } : null;
  });
  const [format, setFormatState] = useState<FormatDraft | null>(start?.start.format ?? null);
  const [tables, setTables] = useState<TableMapping[]>(start?.start.tables ?? []);
  const [suggestions, setSuggestions] = useState<Partial<Record<TableName, ColumnSuggestion[]>>>(start?.start.suggestions ?? {});
  const [name, setName] = useState(input.base?.name ?? "");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ field?: "name"; message: string } | null>(null);
  // Any change the user made and has not saved: leaving the page then asks first.
  const [edited, setEdited] = useState(false);

  // The file read with the draft's delimiter and encoding: its header and rows as the jobs will see them.
  const read = useMemo(() => (format ? readSampleFile(sample.bytes, sample.complete, formatOnly(format)) : null), [sample, format]);
  const current = useMemo(() => (read ? sampleOf(input.fileName, read) : null), [input.fileName, read]);

  const draft = useMemo((): { profile: SourceProfile | null; problem: string | null } => {
    if (!format || tables.length === 0) return { profile: null, problem: "Choose the table this file holds." };
    try {
      return { profile: profileFromMapping(input.base?.profile ?? null, name, format, [{ fileName: input.fileName, tables }]), problem: null };
    } catch (e) {
      // The schema's first complaint, with where it is (e.g. "timezone: not an IANA time zone").
      const issue = e instanceof ZodError ? e.issues[0] : undefined;
      return { profile: null, problem: issue ? `${issue.path.join(".") || "profile"}: ${issue.message}` : e instanceof Error ? e.message : String(e) };
    }
  }, [format, tables, name, input.base, input.fileName]);

  const check: FileCheck | null = useMemo(() => {
    if (!draft.profile) return null;
    const r = readSampleFile(sample.bytes, sample.complete, draft.profile);
    return checkSample(r, {
      fileName: input.fileName,
      size: input.size,
      profile: draft.profile,
      tableOverride: tables[0]?.table ?? null,
      alsoTableOverride: tables[1]?.table ?? null,
      month: input.month,
      timeZone: input.timeZone,
    });
  }, [draft.profile, sample, input.fileName, input.size, input.month, input.timeZone, tables]);

  const previews: PreviewTable[] = useMemo(() => {
    if (!draft.profile || !read?.ok) return [];
    return tables.map((t) => previewTable(t.table, read.sample.header, read.sample.rows, draft.profile!, tables.map((o) => o.table).filter((o) => o !== t.table)));
  }, [draft.profile, read, tables]);

  /** Delimiter or encoding changed: the header may be another, so the columns are suggested again. */
  const setFormat = (patch: Partial<FormatDraft>) => {
    setEdited(true);
    if (!format) return;
    const next = { ...format, ...patch };
    setFormatState(next);
    if (patch.delimiter === undefined && patch.encoding === undefined) return;
    const r = readSampleFile(sample.bytes, sample.complete, formatOnly(next));
    const s = sampleOf(input.fileName, r);
    if (!s) return;
    const redone = tables.map((t) => mappingForTable(t.table, s, next, input.base?.profile ?? null));
    setTables(redone.map((x) => x.mapping));
    setSuggestions(Object.fromEntries(redone.map((x) => [x.mapping.table, x.suggestions])));
  };

  /** The file's first table (index 0) or the second one the same rows feed (index 1; null removes it). */
  const setTable = (index: 0 | 1, table: TableName | null) => {
    setEdited(true);
    if (!format || !current) return;
    let next: (TableMapping | undefined)[] = [...tables];
    if (table === null) next = next.filter((_, i) => i !== index);
    else {
      const made = mappingForTable(table, current, format, input.base?.profile ?? null);
      next[index] = made.mapping;
      setSuggestions((s) => ({ ...s, [table]: made.suggestions }));
    }
    const first = next.find((t) => t !== undefined);
    setTables(next.filter((t): t is TableMapping => t !== undefined && (t === first || t.table !== first?.table)));
  };

  const setColumn = (table: TableName, column: string, source: string | null) => {
    setEdited(true);
    if (!current) return;
    setTables((ts) =>
      ts.map((t) => {
        if (t.table !== table) return t;
        const next = { ...t, columns: { ...t.columns, [column]: source } };
        // Another source column brings its own words.
        return { ...next, values: wordsFor({ ...next, values: {} }, current, Object.fromEntries(Object.entries(t.values).filter(([c]) => c !== column))) };
      }),
    );
  };

  const setWord = (table: TableName, column: string, word: string, value: string) => {
    setEdited(true);
    setTables((ts) => ts.map((t) => (t.table === table ? { ...t, values: { ...t.values, [column]: { ...(t.values[column] ?? {}), [word]: value } } } : t)));
  };

  const setDefault = (table: TableName, column: string, value: string) => {
    setEdited(true);
    setTables((ts) => ts.map((t) => (t.table === table ? { ...t, defaults: { ...t.defaults, [column]: value } } : t)));
  };

  const unanswered = tables.flatMap((t) => Object.entries(t.values).flatMap(([col, words]) => Object.entries(words).filter(([, v]) => v === "").map(([w]) => `${t.table}.${col}: ${w}`)));

  const save = async () => {
    if (!draft.profile || !read?.ok) return;
    setSaving(true);
    setError(null);
    const sniffed = sniffCsv(sample.bytes.subarray(0, 128 * 1024));
    const fingerprints = sniffed.ok ? [{ fingerprint: headerFingerprint(sniffed.header), tables: tables.map((t) => t.table) }] : [];
    const body = { name: draft.profile.name, profile: draft.profile, fingerprints };
    const res = input.base
      ? await postJson<{ profile: ProfileView }>(`/api/profiles/${input.base.id}`, body, "PATCH")
      : await postJson<{ profile: ProfileView }>("/api/profiles", body);
    setSaving(false);
    if (!res.ok) return setError(res.code === "profile_name_taken" ? { field: "name", message: res.message } : { message: res.message });
    setEdited(false);
    onSaved(res.data.profile);
  };

  return {
    ready: start !== null && format !== null,
    format,
    evidence: start?.start.evidence ?? null,
    header: current?.header ?? [],
    rows: current?.rows ?? [],
    tables,
    suggestions,
    name,
    setName: (v: string) => {
      setEdited(true);
      setName(v);
    },
    edited,
    draft,
    check,
    previews,
    unanswered,
    saving,
    error,
    setFormat,
    setTable,
    setColumn,
    setWord,
    setDefault,
    save,
  };
}

export type Mapping = ReturnType<typeof useMapping>;
