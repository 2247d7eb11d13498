import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DashboardIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { MonthSelect } from "@/components/charts/month-select";
import { monthLabel } from "@/components/charts/format";
import { getMonthKpis, listCuratedMonths } from "@/lib/analytics/kpis";
import { AREA_ROLES, canAccessArea, canAccessPath } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { MONTH_PATTERN } from "@/lib/lake/keys";
import { DashboardBody } from "./dashboard-body";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ month?: string | string[] }> }) {
  const user = await requirePageUser(AREA_ROLES.dashboard);
  const { month: raw } = await searchParams;
  const requested = typeof raw === "string" ? raw : undefined;
  const months = await listCuratedMonths();
  const canUpload = canAccessArea(user.role, "upload");

  if (months.length === 0) {
    return (
      <>
        <PageHeader title="Dashboard" description="Revenue, orders, the funnel and when people shop — month by month." />
        <div className="rounded-lg border border-border bg-surface shadow-sm">
          <EmptyState
            icon={<DashboardIcon className="size-10" />}
            title="No data yet — upload a month"
            description={
              canUpload
                ? "The dashboards fill in as soon as a month has been uploaded and its run has succeeded. Try it with the sample month."
                : "The dashboards fill in as soon as a month has been uploaded and its run has succeeded. Ask your data contact to upload one."
            }
            action={
              canUpload ? (
                <>
                  <ButtonLink href="/upload" variant="primary">
                    Upload a month
                  </ButtonLink>
                  <a href="/api/sample" download className={buttonClass("secondary")}>
                    Download a sample month
                  </a>
                </>
              ) : null
            }
          />
        </div>
      </>
    );
  }

  const month = requested && months.includes(requested) ? requested : months[0]!;
  const missing = requested && requested !== month ? requested : null;
  const kpis = await getMonthKpis(month);
  const quicksight = config().QUICKSIGHT_DASHBOARD_URL;
  const asOf = kpis?.dataAsOf ?? null;
  const runLinkAllowed = asOf ? canAccessPath(user.role, `/runs/${asOf.runId}`) : false;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <span data-testid="data-as-of">
            {monthLabel(month)} ·{" "}
            {asOf ? (
              <>
                data as of run{" "}
                {runLinkAllowed ? (
                  <Link href={`/runs/${asOf.runId}`} className="font-mono text-accent hover:underline">
                    {asOf.runId.slice(0, 8)}
                  </Link>
                ) : (
                  <span className="font-mono">{asOf.runId.slice(0, 8)}</span>
                )}{" "}
                <span suppressHydrationWarning>
                  (finished {new Date(asOf.finishedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC)
                </span>
              </>
            ) : (
              "no run recorded for this month"
            )}
          </span>
        }
        actions={
          <>
            <MonthSelect months={months} value={month} />
            {quicksight ? (
              <a href={quicksight} target="_blank" rel="noopener noreferrer" className={buttonClass("secondary")}>
                Open in QuickSight
                <span aria-hidden>↗</span>
              </a>
            ) : null}
          </>
        }
      />
      {missing ? (
        <Alert tone="warning" className="mb-6" title={`No data for ${MONTH_PATTERN.test(missing) ? monthLabel(missing) : missing}`}>
          Showing {monthLabel(month)}, the latest month with data.
        </Alert>
      ) : null}
      {kpis ? (
        <DashboardBody kpis={kpis} />
      ) : (
        <div className="rounded-lg border border-border bg-surface shadow-sm">
          <EmptyState title={`No numbers for ${monthLabel(month)} yet`} description="Its run may still be finishing. Reload in a moment." />
        </div>
      )}
    </>
  );
}
