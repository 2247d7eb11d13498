import type { Metadata } from "next";
import { AutoRefresh } from "@/components/runs/auto-refresh";
import { RunFilters } from "@/components/runs/run-filters";
import { RunsTable } from "@/components/runs/runs-table";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RunsIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES, canAccessArea } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { runFiltersPageSchema, runMonths, runSummaries } from "@/lib/portal/runs-list";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(AREA_ROLES.runs);
  const filters = runFiltersPageSchema.parse(await searchParams);
  const [runs, months] = await Promise.all([runSummaries(filters), runMonths()]);
  const filtered = Boolean(filters.status || filters.month);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every pipeline execution: one per uploaded batch, plus retries and re-runs."
        actions={<RunFilters status={filters.status} month={filters.month} months={months} />}
      />
      <AutoRefresh active={runs.some((r) => r.status === "running" || r.status === "pending")} />
      <Card>
        {runs.length > 0 ? (
          <RunsTable runs={runs} />
        ) : filtered ? (
          <EmptyState
            icon={<RunsIcon className="size-8" />}
            title="No runs match these filters"
            description="Try another status or month, or clear the filters to see every run."
            action={<ButtonLink href="/runs">Clear filters</ButtonLink>}
          />
        ) : (
          <EmptyState
            icon={<RunsIcon className="size-8" />}
            title="No runs yet"
            description={
              canAccessArea(user.role, "upload")
                ? "A run starts when a month of CSV files is uploaded. Upload one to see it here."
                : "A run starts when a client uploads a month of CSV files (or someone runs `npm run pipeline`). It will show up here live."
            }
            action={canAccessArea(user.role, "upload") ? <ButtonLink href="/upload" variant="primary">Upload a month</ButtonLink> : undefined}
          />
        )}
      </Card>
    </>
  );
}
