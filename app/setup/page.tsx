import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthFrame } from "@/components/layout/auth-frame";
import { Card, CardBody } from "@/components/ui/card";
import { needsSetup } from "@/lib/portal/setup-state";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "First-time setup" };

/** One-time: only while the user table is empty. Afterwards it sends people to sign in. */
export default async function SetupPage() {
  await connection(); // per request: the answer depends on the database, never on build time
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthFrame wide>
      <Card>
        <CardBody className="p-6">
          <h1 className="text-xl font-semibold text-fg">Create the administrator</h1>
          <p className="mt-1 mb-6 text-sm text-muted">
            Welcome! This portal has no users yet. The account you create here is the first admin; it can then invite
            clients, ops and managers from the Admin page.
          </p>
          <SetupForm />
        </CardBody>
      </Card>
    </AuthFrame>
  );
}
