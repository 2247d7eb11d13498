import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { runFiltersSchema, runSummaries } from "@/lib/portal/runs-list";

/** Runs, newest first; `?status=failed&month=2025-11`. */
export const GET = handler({ roles: AREA_ROLES.runs, query: runFiltersSchema }, async ({ query }) => ({ runs: await runSummaries(query) }));
