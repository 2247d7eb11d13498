import "server-only";
import { getDb } from "./client";
import type { LogLine } from "./generated/client";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: readonly string[] = ["debug", "info", "warn", "error"];

export interface LogLineInput {
  ts?: Date;
  level: LogLevel;
  message: string;
}

export interface LogLineRow {
  /** Cursor for readLogs (a bigint in the database, a string here). */
  id: string;
  runId: string;
  step: string;
  ts: Date;
  level: LogLevel;
  message: string;
}

export interface ReadLogsOptions {
  /** Only lines after this id (the `next` of a previous page, or of the last poll). */
  afterId?: string | null;
  /** Default 500, at most 5000. */
  limit?: number;
  /** Case-insensitive substring of the message. */
  search?: string;
}

export interface LogPage {
  lines: LogLineRow[];
  /** Pass back as afterId to continue (also to tail a running step): the last id seen. */
  next: string | null;
  /** A full page came back: more lines may follow right away. */
  hasMore: boolean;
}

/** One INSERT per chunk, not per line; lines keep their order (ids increase within a call). */
const CHUNK = 1000;

export async function appendLogLines(runId: string, step: string, lines: readonly LogLineInput[]): Promise<number> {
  if (lines.length === 0) return 0;
  const db = await getDb();
  const now = new Date();
  let written = 0;
  for (let i = 0; i < lines.length; i += CHUNK) {
    const chunk = lines.slice(i, i + CHUNK);
    const r = await db.logLine.createMany({
      data: chunk.map((l) => ({ runId, step, ts: l.ts ?? now, level: l.level, message: l.message })),
    });
    written += r.count;
  }
  return written;
}

/** Lines of one step (or of every step with step = null) in the order they were written. */
export async function readLogs(runId: string, step: string | null, opts: ReadLogsOptions = {}): Promise<LogPage> {
  const db = await getDb();
  const take = Math.min(Math.max(opts.limit ?? 500, 1), 5000);
  const after = opts.afterId ? parseCursor(opts.afterId) : undefined;
  const search = opts.search?.trim();
  const rows = await db.logLine.findMany({
    where: {
      runId,
      ...(step !== null ? { step } : {}),
      ...(after !== undefined ? { id: { gt: after } } : {}),
      // Prisma passes `contains` to ILIKE as is: escape its wildcards so "100%" or "_" match literally.
      ...(search ? { message: { contains: escapeLike(search), mode: "insensitive" as const } } : {}),
    },
    orderBy: { id: "asc" },
    take,
  });
  const lines = rows.map(toRow);
  return { lines, next: lines.at(-1)?.id ?? opts.afterId ?? null, hasMore: lines.length === take };
}

function toRow(l: LogLine): LogLineRow {
  return {
    id: l.id.toString(),
    runId: l.runId,
    step: l.step,
    ts: l.ts,
    level: (LEVELS.includes(l.level) ? l.level : "info") as LogLevel,
    message: l.message,
  };
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function parseCursor(id: string): bigint {
  if (!/^\d{1,19}$/.test(id)) throw new Error(`bad log cursor: ${id}`);
  return BigInt(id);
}
