import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { Shell } from "@/components/layout/sidebar";
import { canAccessPath } from "@/lib/auth/roles";
import { currentPath, getSessionUser } from "@/lib/auth/session";

/**
 * Every page in (portal) is signed in. The role check happens here, above the segments' loading
 * boundaries, so a refused page answers a real redirect (307) before anything streams; each page still
 * checks its own roles with requirePageUser.
 */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  const path = await currentPath();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!canAccessPath(user.role, path)) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return <Shell user={{ name: user.name, email: user.email, role: user.role }}>{children}</Shell>;
}
