import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { forbiddenPageName, homeFor, ROLE_LABELS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Not allowed" };

/** Where requirePageUser sends a signed-in user whose role may not open a page. */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const from = forbiddenPageName((await searchParams).from);
  const user = await getSessionUser();
  return (
    <Card>
      <CardBody className="p-6 text-center">
        <p className="text-sm font-semibold text-danger">403</p>
        <h1 className="mt-1 text-xl font-semibold text-fg">You don’t have access to this page</h1>
        <p className="mt-2 text-sm text-muted">
          {from ? <span className="font-mono text-fg">{from}</span> : "This page"} is not available
          {user ? ` to the ${ROLE_LABELS[user.role]} role` : ""}. Ask an administrator if you need it.
        </p>
        <div className="mt-6 flex justify-center gap-2">
          <ButtonLink href={user ? homeFor(user.role) : "/login"} variant="primary">
            {user ? "Go to my start page" : "Sign in"}
          </ButtonLink>
        </div>
      </CardBody>
    </Card>
  );
}
