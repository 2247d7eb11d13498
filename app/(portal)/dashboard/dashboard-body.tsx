import { ActivityHeatmap } from "@/components/charts/activity-heatmap";
import { BreakdownChart } from "@/components/charts/breakdown-chart";
import { CategoryChart } from "@/components/charts/category-chart";
import { ChartCard } from "@/components/charts/chart-card";
import { channelLabel, countryName, fmtInt, fmtMoney, fmtMoney2, fmtPct, monthLabel, previousMonth } from "@/components/charts/format";
import { Funnel } from "@/components/charts/funnel";
import { KpiCard } from "@/components/charts/kpi-card";
import { NotAvailable } from "@/components/charts/not-available";
import { WeeklyRevenueChart } from "@/components/charts/weekly-revenue-chart";
import type { MonthKpis } from "@/lib/analytics/types";

/** The month's panels. Server-rendered; only the charts hydrate. */
export function DashboardBody({ kpis }: { kpis: MonthKpis }) {
  const m = kpis.month;
  const csv = (chart: string) => `/api/dashboard/csv?month=${m}&chart=${chart}`;
  const prev = monthLabel(previousMonth(m), "short");
  const countries = Object.entries(kpis.revenueByCountry).map(([key, revenue]) => ({ key, label: countryName(key), revenue }));
  const channels = Object.entries(kpis.revenueByChannel).map(([key, revenue]) => ({ key, label: channelLabel(key), revenue }));
  const f = kpis.funnel;

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <KpiCard title="Revenue" value={kpis.revenue} display={fmtMoney(kpis.revenue)} delta={kpis.mom?.revenue ?? null} previousLabel={prev} />
        <KpiCard title="Orders" value={kpis.orders} display={fmtInt(kpis.orders)} delta={kpis.mom?.orders ?? null} previousLabel={prev} />
        <KpiCard title="Buyers" value={kpis.buyers} display={fmtInt(kpis.buyers)} delta={kpis.mom?.buyers ?? null} previousLabel={prev} />
        <KpiCard
          title="Average order value"
          value={kpis.aov}
          display={kpis.aov === null ? "—" : fmtMoney2(kpis.aov)}
          delta={kpis.mom?.aov ?? null}
          previousLabel={prev}
        />
      </div>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-5">
        <ChartCard className="xl:col-span-3" title="Weekly revenue" description="Per ISO week, counting only this month’s days" csvHref={csv("weekly")}>
          {kpis.weekly.length ? <WeeklyRevenueChart data={kpis.weekly} /> : <NoData text="No recognised orders this month." />}
        </ChartCard>
        <ChartCard
          className="xl:col-span-2"
          title="Funnel"
          description={
            f.available && f.sessions ? (
              <>
                {fmtPct(f.purchased / f.sessions, 2)} of sessions end in a purchase
              </>
            ) : (
              "Sessions started this month"
            )
          }
          csvHref={csv("funnel")}
        >
          {!f.available ? <NotAvailable reason={f.reason} /> : f.sessions ? <Funnel data={f} /> : <NoData text="No sessions this month." />}
          <PostSale kpis={kpis} />
        </ChartCard>
      </div>

      <div className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
        <ChartCard
          className="md:col-span-2 xl:col-span-1"
          title="Sales and margin by category"
          description={<MarginCoverage margin={kpis.margin} />}
          csvHref={csv("categories")}
        >
          {kpis.categories.length ? <CategoryChart data={kpis.categories} /> : <NoData text="No order lines this month." />}
          <CategoryNotes categories={kpis.categories} />
        </ChartCard>
        <ChartCard title="Revenue by country" description={`${countries.length} ${countries.length === 1 ? "country" : "countries"}`} csvHref={csv("country")}>
          {countries.length ? <BreakdownChart title="Revenue by country" data={countries} /> : <NoData text="No revenue this month." />}
        </ChartCard>
        <ChartCard title="Revenue by channel" description="The order’s channel, else its session’s" csvHref={csv("channel")}>
          {channels.length ? <BreakdownChart title="Revenue by channel" data={channels} color="var(--info)" /> : <NoData text="No revenue this month." />}
        </ChartCard>
      </div>

      <ChartCard title="Activity by day and hour" description="Sessions started and recognised orders, business time zone" csvHref={csv("heatmap")}>
        <ActivityHeatmap
          sessions={kpis.heatmap.sessions.available ? kpis.heatmap.sessions.cells : null}
          sessionsUnavailable={kpis.heatmap.sessions.available ? null : kpis.heatmap.sessions.reason}
          orders={kpis.heatmap.orders}
        />
      </ChartCard>

      <p className="text-xs text-muted">
        Revenue counts paid, shipped and delivered orders. Figures are rounded on screen; the CSV downloads carry the exact values.
      </p>
    </div>
  );
}

/** The post-sale review share: it counts reviews from every loaded month, so it is never final. */
function PostSale({ kpis }: { kpis: MonthKpis }) {
  const p = kpis.postSale;
  return (
    <div className="mt-4 border-t border-border pt-3 text-xs text-muted" data-testid="post-sale">
      {p.available ? (
        <>
          <p>
            After the sale: <span className="font-medium text-fg" data-value={p.reviewShare ?? ""}>{fmtPct(p.reviewShare)}</span> of orders
            received a review ({fmtInt(p.reviewedOrders)} of {fmtInt(kpis.orders)}) so far.
          </p>
          <p className="mt-1">{p.note}</p>
        </>
      ) : (
        <p>
          After the sale: <span className="font-medium text-fg">not available</span> — {p.reason}.
        </p>
      )}
    </div>
  );
}

/** "Margin on 62% of sales": the margin counts only lines whose product cost is known. */
function MarginCoverage({ margin }: { margin: MonthKpis["margin"] }) {
  if (margin.coverage === null) return <>Recognised orders’ lines, after discounts</>;
  if (margin.value === null) return <>Recognised orders’ lines, after discounts · margin not available (no product cost known)</>;
  return (
    <>
      Recognised orders’ lines, after discounts ·{" "}
      <span data-testid="margin-coverage" data-value={margin.coverage}>
        margin on {fmtPct(margin.coverage, 0)} of sales
      </span>{" "}
      (products with a known cost)
    </>
  );
}

/** Which categories have no margin at all (no bar is not a zero bar), and what the catch-all buckets hold. */
function CategoryNotes({ categories }: { categories: MonthKpis["categories"] }) {
  const names = categories.map((c) => c.category);
  const noCost = categories.filter((c) => c.margin === null).map((c) => c.category);
  const notes = [
    noCost.length ? `No margin (no product cost known): ${noCost.join(", ")}.` : null,
    names.includes("Unknown product") ? "Unknown product: lines whose product is in no products file." : null,
    names.includes("Uncategorised") ? "Uncategorised: products without a category." : null,
  ].filter(Boolean);
  if (!notes.length) return null;
  return (
    <p className="mt-3 text-xs text-muted" data-testid="category-notes">
      {notes.join(" ")}
    </p>
  );
}

function NoData({ text }: { text: string }) {
  return <p className="flex h-40 items-center justify-center rounded-md bg-surface-2/50 text-sm text-muted">{text}</p>;
}
