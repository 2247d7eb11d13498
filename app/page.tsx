import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getSessionUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";
import { needsSetup } from "@/lib/portal/setup-state";

/** `/`: first run → setup; signed out → sign in; else the role's start page. */
export default async function Home() {
  await connection(); // per request: the answer depends on the database, never on build time
  if (await needsSetup()) redirect("/setup");
  const user = await getSessionUser();
  redirect(user ? homeFor(user.role) : "/login");
}
