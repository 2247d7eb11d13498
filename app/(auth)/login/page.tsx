import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardBody } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { needsSetup } from "@/lib/portal/setup-state";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  const error = typeof params.error === "string" ? params.error.slice(0, 100) : undefined;
  if (await needsSetup()) redirect("/setup");
  const target = safeCallbackUrl(callbackUrl);
  if (await getSessionUser()) redirect(target);
  return (
    <Card>
      <CardBody className="p-6">
        <h1 className="text-xl font-semibold text-fg">Sign in</h1>
        <p className="mt-1 mb-6 text-sm text-muted">Use the email and password your administrator gave you.</p>
        <LoginForm callbackUrl={target} initialError={error} />
      </CardBody>
    </Card>
  );
}
