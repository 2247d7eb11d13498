import "server-only";
import { audit } from "../db/audit";

export interface AuditInput {
  action: string;
  actorId?: string | null;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes one audit entry. Auditing must never turn a successful action into a failed request, so a
 * failure to write is logged loudly instead of thrown.
 */
export async function auditEvent(e: AuditInput): Promise<void> {
  try {
    await audit({
      action: e.action,
      actorId: e.actorId ?? null,
      target: e.target ?? null,
      ip: e.ip ?? null,
      details: e.details ?? {},
    });
  } catch (err) {
    console.error(`[audit] could not record ${e.action}:`, err);
  }
}
