import "server-only";
import { audit, type AuditInput } from "../db/audit";

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
