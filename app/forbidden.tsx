import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { forbiddenPageName, homeFor, ROLE_LABELS } from "@/lib/auth/roles";
import { currentPath, getSessionUser } from "@/lib/auth/session";

/**
 * What `forbidden()` renders, with a real 403 (next.config.js: experimental.authInterrupts): the
 * `/forbidden?from=` page that a refused page redirects to. It takes no props, so it reads the page
 * it names from the request's own URL. It renders inside the thrower's layouts (the (auth) frame).
 */
export default async function Forbidden() {
  const from = forbiddenPageName(refusedFrom(await currentPath()));
  const user = await getSessionUser();
  return (
    <>
      <title>Not allowed · ShopLake</title>
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
    </>
  );
}

/** `/forbidden?from=/admin` names /admin; any other refused URL names itself. */
function refusedFrom(path: string): string {
  const url = new URL(path, "http://portal.invalid");
  return url.pathname === "/forbidden" ? (url.searchParams.get("from") ?? "") : path;
}
