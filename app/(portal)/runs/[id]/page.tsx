import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunLive } from "@/components/runs/run-live";
import { AREA_ROLES, canAccessArea } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { uuidParam } from "@/lib/http/input";
import { runDetail } from "@/lib/portal/run-detail";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(AREA_ROLES.runDetail);
  // Not a run id, no such run, or someone else's: the same "not found".
  if (!uuidParam.safeParse(id).success) notFound();
  const detail = await runDetail(id, user).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  return <RunLive initial={detail} backHref={canAccessArea(user.role, "runs") ? "/runs" : null} />;
}
