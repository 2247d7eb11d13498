import "server-only";
import { getDb } from "./client";
import type { AuditLog } from "./generated/client";

export interface AuditInput {
  action: string;
  actorId?: string | null;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  /** A bigint in the database; also the paging cursor. */
  id: string;
  at: Date;
  actorId: string | null;
  /** The actor's email when the user still exists. */
  actorEmail: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actorId?: string;
  /** Exact action, or a prefix ending in "." (e.g. "auth."). */
  action?: string;
  /** Entries older than this id (paging, newest first). */
  beforeId?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

export async function audit(entry: AuditInput): Promise<void> {
  const db = await getDb();
  await db.auditLog.create({
    data: {
      action: entry.action,
      actorId: entry.actorId ?? null,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as object,
    },
  });
}

export async function listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const db = await getDb();
  const action = filter.action?.endsWith(".") ? { startsWith: filter.action } : filter.action;
  if (filter.beforeId !== undefined && !/^\d{1,19}$/.test(filter.beforeId)) throw new Error(`bad audit cursor: ${filter.beforeId}`);
  const rows = await db.auditLog.findMany({
    where: {
      actorId: filter.actorId,
      action,
      ...(filter.beforeId !== undefined ? { id: { lt: BigInt(filter.beforeId) } } : {}),
    },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(filter.limit ?? 100, 1), 1000),
    include: { actor: { select: { email: true } } },
  });
  return rows.map(toEntry);
}

function toEntry(a: AuditLog & { actor: { email: string } | null }): AuditEntry {
  return {
    id: a.id.toString(),
    at: a.at,
    actorId: a.actorId,
    actorEmail: a.actor?.email ?? null,
    action: a.action,
    target: a.target,
    ip: a.ip,
    details: typeof a.details === "object" && a.details !== null && !Array.isArray(a.details) ? (a.details as Record<string, unknown>) : {},
  };
}
