import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { Shell } from "@/components/layout/sidebar";
import { getSessionUser } from "@/lib/auth/session";

/** Every page in (portal) is signed in; each page still checks its own roles with requirePageUser. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return <Shell user={{ name: user.name, email: user.email, role: user.role }}>{children}</Shell>;
}
