import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { cursorParam, plainText } from "@/lib/http/input";
import { auditPage } from "@/lib/portal/admin-views";

const query = z.object({
  action: plainText(100).optional(),
  before: cursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The audit log, newest first; `before` pages on. */
export const GET = handler({ roles: AREA_ROLES.admin, query }, async ({ query: q }) => auditPage({ action: q.action || undefined, beforeId: q.before, limit: q.limit }));
