import type { Metadata } from "next";
import { CatalogTableCard } from "@/components/runs/catalog-view";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CatalogIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getBackend } from "@/lib/wiring";
import { toCatalogDto } from "@/lib/portal/catalog-dto";
import { RefreshCatalogButtons } from "./refresh-buttons";

export const metadata: Metadata = { title: "Catalog" };

const LAYERS = [
  { id: "raw", title: "Raw", text: "CSV files as uploaded, never modified." },
  { id: "processed", title: "Processed", text: "Typed, clean, deduplicated Parquet; rejected rows are quarantined." },
  { id: "curated", title: "Curated", text: "Analytic tables and the marts the dashboards read." },
] as const;

export default async function CatalogPage() {
  await requirePageUser(AREA_ROLES.catalog);
  const { catalog } = await getBackend();
  const tables = (await catalog.list()).map(toCatalogDto);

  return (
    <>
      <PageHeader
        title="Catalog"
        description="The lake as the crawlers see it: tables of each layer with columns, types, partitions, row counts and last update."
        actions={<RefreshCatalogButtons />}
      />
      {tables.length === 0 ? (
        <Card>
          <EmptyState
            icon={<CatalogIcon className="size-8" />}
            title="The catalog is empty"
            description="Tables appear here after a run has crawled the processed and curated layers. Upload a month (or run `npm run pipeline`), then come back."
            action={<ButtonLink href="/runs">See the runs</ButtonLink>}
          />
        </Card>
      ) : (
        <div className="space-y-10">
          {LAYERS.map((layer) => {
            const list = tables.filter((t) => t.layer === layer.id);
            if (list.length === 0) return null;
            return (
              <section key={layer.id} aria-labelledby={`layer-${layer.id}`}>
                <h2 id={`layer-${layer.id}`} className="text-lg font-semibold text-fg">
                  {layer.title} <span className="text-sm font-normal text-muted">· {list.length} tables</span>
                </h2>
                <p className="mb-4 text-sm text-muted">{layer.text}</p>
                <div className="grid gap-4 lg:grid-cols-2">
                  {list.map((t) => (
                    <CatalogTableCard key={t.name} table={t} />
                  ))}
                </div>
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
