import "server-only";
import { listAudit, type AuditEntry, type AuditFilter } from "../db/audit";
import { getSetting } from "../db/settings";
import { listUsers } from "../db/users";
import type { GateSettings } from "../contracts/gate";
import { toView, type NotifySettingsView } from "../contracts/notify-settings";
import { toUserDto, type UserDto } from "./user-dto";

/** An audit entry as the admin page and GET /api/admin/audit show it: the time as ISO text. */
export type AuditEntryDto = Omit<AuditEntry, "at"> & { at: string };

const toAuditDto = (e: AuditEntry): AuditEntryDto => ({ ...e, at: e.at.toISOString() });

/** A page of the audit log, newest first; `next` is the cursor of the following page (null: the last). */
export async function auditPage(filter: Pick<AuditFilter, "action" | "beforeId"> & { limit: number }): Promise<{ entries: AuditEntryDto[]; next: string | null }> {
  const entries = await listAudit(filter);
  return {
    entries: entries.map(toAuditDto),
    next: entries.length === filter.limit ? (entries.at(-1)?.id ?? null) : null,
  };
}

export const userDtos = async (): Promise<UserDto[]> => (await listUsers()).map(toUserDto);

export const gateSettings = (): Promise<GateSettings> => getSetting("quality-gate");

/** Where run notifications go; never the webhook URL or the SMTP password. */
export const notifySettingsView = async (): Promise<NotifySettingsView> => toView(await getSetting("notify"));

/** Everything the admin page shows at first: users, the audit log's first page, the gate and the notifications. */
export async function adminPageData(auditPageSize: number) {
  const [users, audit, gate, notify] = await Promise.all([userDtos(), auditPage({ limit: auditPageSize }), gateSettings(), notifySettingsView()]);
  return { users, audit: audit.entries, gate, notify };
}
