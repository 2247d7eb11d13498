import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { adminPageData } from "@/lib/portal/admin-views";
import { AuditLog } from "./audit-log";
import { GateSettingsPanel } from "./gate-settings";
import { NotificationsPanel } from "./notifications-panel";
import { UsersPanel } from "./users-panel";

export const metadata: Metadata = { title: "Admin" };

const AUDIT_PAGE = 25;

export default async function AdminPage() {
  const me = await requirePageUser(AREA_ROLES.admin);
  const { users, audit, gate, notify } = await adminPageData(AUDIT_PAGE);
  return (
    <>
      <PageHeader title="Admin" description="Who can sign in and what they may do, and everything that happened." />
      <div className="space-y-8">
        <UsersPanel initial={users} meId={me.id} />
        <GateSettingsPanel initial={gate} />
        <NotificationsPanel initial={notify} />
        <AuditLog initial={audit} pageSize={AUDIT_PAGE} />
      </div>
    </>
  );
}
