import { AREA_ROLES } from "@/lib/auth/roles";
import { z } from "zod";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { runDetail } from "@/lib/portal/run-detail";

/** One run with its steps, medians, quality and cost; the run page polls it while the run is live. */
export const GET = handler({ roles: AREA_ROLES.runDetail, params: z.object({ id: uuidParam }) }, async ({ params, user }) => runDetail(params.id, user));
