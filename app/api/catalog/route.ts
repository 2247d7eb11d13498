import { AREA_ROLES } from "@/lib/auth/roles";
import { getBackend } from "@/lib/wiring";
import { handler } from "@/lib/http/handler";
import { toCatalogDto } from "@/lib/portal/catalog-dto";

/** The crawlers' view of the lake: tables per layer with columns, partitions and row counts. */
export const GET = handler({ roles: AREA_ROLES.catalog }, async () => {
  const { catalog } = await getBackend();
  return { tables: (await catalog.list()).map(toCatalogDto) };
});
