import { z } from "zod";
import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getBackend } from "@/lib/wiring";
import { handler } from "@/lib/http/handler";
import { toCatalogDto } from "@/lib/portal/catalog-dto";

const body = z.object({ layer: z.enum(["processed", "curated"]) });

/** Runs the crawler of one layer now (normally the state machine does). */
export const POST = handler({ roles: AREA_ROLES.catalog, body }, async ({ body: b, user, ip }) => {
  const { catalog } = await getBackend();
  const tables = await catalog.refresh(b.layer);
  await auditEvent({ action: "catalog.refresh", actorId: user.id, target: b.layer, ip, details: { tables: tables.length } });
  return { tables: tables.map(toCatalogDto) };
});
