import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DashboardIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { monthLabel } from "@/components/charts/format";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { PeriodPicker } from "@/components/dashboard/period-picker";
import { currencyNote } from "@/lib/analytics/currency-note";
import { parseDashboardState } from "@/lib/analytics/dashboard-url";
import { describeFilters, hasFilters } from "@/lib/analytics/filters";
import { getMonthKpis, listCuratedMonths } from "@/lib/services/month-kpis";
import { getFilterOptions, getRangeKpis } from "@/lib/services/range-kpis";
import { AREA_ROLES, canAccessArea, canAccessPath } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { MONTH_PATTERN } from "@/lib/contracts/months";
import { DashboardBody } from "./dashboard-body";
import { RangeBody } from "./range-body";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(AREA_ROLES.dashboard);
  const raw = await searchParams;
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

  const { state, problems } = parseDashboardState(raw, months);
  const missing = problems.find((p) => p.startsWith("missing-month:"))?.slice("missing-month:".length) ?? null;
  const notes = problems.filter((p) => !p.startsWith("missing-month:"));
  const p = state.period;
  const [from, to] = p.view === "month" ? [p.month, p.month] : [p.from, p.to];
  const filtered = hasFilters(state.filters);
  const [kpis, range, options] = await Promise.all([
    p.view === "month" ? getMonthKpis(p.month) : Promise.resolve(null),
    getRangeKpis(from, to, state.filters),
    getFilterOptions(from, to),
  ]);
  const quicksight = config().QUICKSIGHT_DASHBOARD_URL;
  const mixed = currencyNote(range.currencies, config().SHOP_CURRENCY);
  const asOf = kpis?.dataAsOf ?? null;
  const runLinkAllowed = asOf ? canAccessPath(user.role, `/runs/${asOf.runId}`) : false;
  const periodText = p.view === "month" ? monthLabel(p.month) : `${monthLabel(p.from, "short")} – ${monthLabel(p.to, "short")} · ${range.months.length} loaded month${range.months.length === 1 ? "" : "s"}`;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <span data-testid="data-as-of">
            {periodText}
            {filtered ? ` · ${describeFilters(state.filters)}` : ""}
            {p.view === "month" ? " · " : null}
            {p.view !== "month" ? null : asOf ? (
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
            <PeriodPicker months={months} state={state} />
            {quicksight ? (
              <a href={quicksight} target="_blank" rel="noopener noreferrer" className={buttonClass("secondary")}>
                Open in QuickSight
                <span aria-hidden>↗</span>
              </a>
            ) : null}
          </>
        }
      />
      {missing && p.view === "month" ? (
        <Alert tone="warning" className="mb-6" title={`No data for ${MONTH_PATTERN.test(missing) ? monthLabel(missing) : missing}`}>
          Showing {monthLabel(p.month)}, the latest month with data.
        </Alert>
      ) : null}
      {mixed ? (
        <Alert tone="warning" className="mb-6" title={mixed.title}>
          <span data-testid="currency-note">{mixed.text}</span>
        </Alert>
      ) : null}
      {notes.map((n) => (
        <Alert key={n} tone="warning" className="mb-6" title="Part of the link was not used">
          {n}
        </Alert>
      ))}
      <FilterBar state={state} options={options} />
      {p.view === "range" ? (
        <RangeBody range={range} state={state} currency={config().SHOP_CURRENCY} />
      ) : kpis ? (
        <DashboardBody kpis={kpis} range={range} state={state} currency={config().SHOP_CURRENCY} />
      ) : (
        <div className="rounded-lg border border-border bg-surface shadow-sm">
          <EmptyState title={`No numbers for ${monthLabel(p.month)} yet`} description="Its run may still be finishing. Reload in a moment." />
        </div>
      )}
    </>
  );
}
