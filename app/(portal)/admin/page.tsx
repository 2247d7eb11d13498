import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { listAudit } from "@/lib/db/audit";
import { getSetting } from "@/lib/db/settings";
import { toView } from "@/lib/contracts/notify-settings";
import { listUsers } from "@/lib/db/users";
import { toUserDto } from "@/lib/portal/user-dto";
import { AuditLog, type AuditEntryDto } from "./audit-log";
import { GateSettingsPanel } from "./gate-settings";
import { NotificationsPanel } from "./notifications-panel";
import { UsersPanel } from "./users-panel";

export const metadata: Metadata = { title: "Admin" };

const AUDIT_PAGE = 25;

export default async function AdminPage() {
  const me = await requirePageUser(AREA_ROLES.admin);
  const [users, audit, gate, notify] = await Promise.all([listUsers(), listAudit({ limit: AUDIT_PAGE }), getSetting("quality-gate"), getSetting("notify")]);
  const entries: AuditEntryDto[] = audit.map((e) => ({ ...e, at: e.at.toISOString() }));
  return (
    <>
      <PageHeader title="Admin" description="Who can sign in and what they may do, and everything that happened." />
      <div className="space-y-8">
        <UsersPanel initial={users.map(toUserDto)} meId={me.id} />
        <GateSettingsPanel initial={gate} />
        <NotificationsPanel initial={toView(notify)} />
        <AuditLog initial={entries} pageSize={AUDIT_PAGE} />
      </div>
    </>
  );
}
