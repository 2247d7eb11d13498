import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { listAudit } from "@/lib/db/audit";
import { handler } from "@/lib/http/handler";
import { cursorParam, plainText } from "@/lib/http/input";

const query = z.object({
  action: plainText(100).optional(),
  before: cursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The audit log, newest first; `before` pages on. */
export const GET = handler({ roles: AREA_ROLES.admin, query }, async ({ query: q }) => {
  const entries = await listAudit({ action: q.action || undefined, beforeId: q.before, limit: q.limit });
  return {
    entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
    next: entries.length === q.limit ? (entries.at(-1)?.id ?? null) : null,
  };
});
