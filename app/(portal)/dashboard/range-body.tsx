import { BreakdownChart } from "@/components/charts/breakdown-chart";
import { CategoryChart } from "@/components/charts/category-chart";
import { ChartCard } from "@/components/charts/chart-card";
import { CohortHeatmap } from "@/components/charts/cohort-heatmap";
import { CustomerMixChart } from "@/components/charts/customer-mix-chart";
import { channelLabel, countryName, fmtInt, money } from "@/components/charts/format";
import { KpiCard } from "@/components/charts/kpi-card";
import { NoData } from "@/components/charts/not-available";
import { TopProducts } from "@/components/charts/top-products";
import { TrendChart } from "@/components/charts/trend-chart";
import { MonthTable } from "@/components/dashboard/month-table";
import { csvHref, type DashboardState } from "@/lib/analytics/dashboard-url";
import type { RangeKpis } from "@/lib/analytics/range-types";

/** A range of months: the range's cards, the trend, breakdowns that drill down, customers and cohorts. */
export function RangeBody({ range, state, currency }: { range: RangeKpis; state: DashboardState; currency: string }) {
  const { fmtMoney, fmtMoney2 } = money(currency);
  const csv = (chart: string) => csvHref(state, chart);
  const t = range.total;
  const n = range.months.length;
  const over = `over ${n} loaded month${n === 1 ? "" : "s"}`;
  const countries = Object.entries(range.revenueByCountry).map(([key, revenue]) => ({ key, label: countryName(key), revenue }));
  const channels = Object.entries(range.revenueByChannel).map(([key, revenue]) => ({ key, label: channelLabel(key), revenue }));
  const noData = <NoData text="No recognised orders in this period." />;
  // No month of the range received orders: its cards have no numbers, rather than zeros.
  const noOrders = n > 0 && range.months.every((m) => m.revenue === null);
  const na = "Not available: no month of the range has orders";
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <KpiCard title="Revenue" value={noOrders ? null : t.revenue} display={noOrders ? "—" : fmtMoney(t.revenue)} delta={null} previousLabel="" noDeltaText={noOrders ? na : `Summed ${over}`} />
        <KpiCard title="Orders" value={noOrders ? null : t.orders} display={noOrders ? "—" : fmtInt(t.orders)} delta={null} previousLabel="" noDeltaText={noOrders ? na : `Summed ${over}`} />
        <KpiCard title="Buyers" value={noOrders ? null : t.buyers} display={noOrders ? "—" : fmtInt(t.buyers)} delta={null} previousLabel="" noDeltaText={noOrders ? na : `Distinct ${over} (not summed)`} />
        <KpiCard title="Average order value" value={t.aov} display={t.aov === null ? "—" : fmtMoney2(t.aov)} delta={null} previousLabel="" noDeltaText={noOrders ? na : "Revenue / orders of the range"} />
      </div>

      <ChartCard title="Trend" description="Per month, with change against the previous month and the same month a year earlier" csvHref={csv("trend")}>
        {n ? <TrendChart months={range.months} currency={currency} /> : noData}
        <div className="mt-4">
          <MonthTable months={range.months} currency={currency} />
        </div>
      </ChartCard>

      <div className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
        <ChartCard className="md:col-span-2 xl:col-span-1" title="Sales and margin by category" description="Recognised orders’ lines, after discounts" csvHref={csv("categories")}>
          {range.categories.length ? <CategoryChart data={range.categories} drill={{ filter: "category", state }} currency={currency} /> : noData}
        </ChartCard>
        <ChartCard title="Revenue by country" description={`${countries.length} ${countries.length === 1 ? "country" : "countries"}`} csvHref={csv("country")}>
          {countries.length ? <BreakdownChart title="Revenue by country" data={countries} drill={{ filter: "country", state }} currency={currency} /> : noData}
        </ChartCard>
        <ChartCard title="Revenue by channel" description="The order’s channel, else its session’s" csvHref={csv("channel")}>
          {channels.length ? <BreakdownChart title="Revenue by channel" data={channels} color="var(--info)" drill={{ filter: "channel", state }} currency={currency} /> : noData}
        </ChartCard>
      </div>

      <ChartCard title="Top products" description="Units, sales and margin (over the lines with a known cost) in the period" csvHref={csv("products")}>
        {range.topProducts.length ? <TopProducts products={range.topProducts} currency={currency} /> : noData}
      </ChartCard>

      {/* One above the other: the cohort table grows a column per month of the range. */}
      <div className="grid grid-cols-1 gap-6">
        <ChartCard title="New and returning buyers" description="New = first recognised order among the loaded months" csvHref={csv("customers")}>
          {n ? <CustomerMixChart data={range.customers} /> : noData}
        </ChartCard>
        <ChartCard title="Cohort retention" description="Cohort = month of the first recognised order; cell = share buying again k months later" csvHref={csv("cohorts")}>
          {range.cohorts.length ? <CohortHeatmap cohorts={range.cohorts} /> : noData}
        </ChartCard>
      </div>

      <p className="text-xs text-muted">
        Revenue counts paid, shipped and delivered orders. The funnel, activity heatmap and post-sale share are per month: choose one month to see them.
        Figures are rounded on screen; the CSV downloads carry the exact values and the filters.
      </p>
    </div>
  );
}
