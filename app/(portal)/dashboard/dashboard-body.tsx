import { ActivityHeatmap } from "@/components/charts/activity-heatmap";
import { BreakdownChart } from "@/components/charts/breakdown-chart";
import { CategoryChart } from "@/components/charts/category-chart";
import { ChartCard } from "@/components/charts/chart-card";
import { channelLabel, countryName, fmtInt, fmtPct, money, monthLabel, previousMonth } from "@/components/charts/format";
import { Funnel } from "@/components/charts/funnel";
import { KpiCard } from "@/components/charts/kpi-card";
import { NoData, NotAvailable } from "@/components/charts/not-available";
import { WeeklyRevenueChart } from "@/components/charts/weekly-revenue-chart";
import { TopProducts } from "@/components/charts/top-products";
import { ComparePanel } from "@/components/dashboard/compare-panel";
import { CompareSelect } from "@/components/dashboard/compare-select";
import { FilterNotice } from "@/components/dashboard/filter-notice";
import { addMonths } from "@/lib/contracts/months";
import { csvHref, type DashboardState } from "@/lib/analytics/dashboard-url";
import { hasFilters } from "@/lib/analytics/filters";
import type { RangeKpis } from "@/lib/analytics/range-types";
import { monthLacks } from "@/lib/analytics/assemble";
import type { CategorySales, MonthKpis, OptionalTable } from "@/lib/analytics/types";

/** Margin of all categories together, as MonthKpis["margin"], for the filtered lines. */
function marginOf(categories: CategorySales[]): MonthKpis["margin"] {
  const sales = categories.reduce((s, c) => s + c.sales, 0);
  const salesWithCost = categories.reduce((s, c) => s + c.salesWithCost, 0);
  const known = categories.filter((c) => c.margin !== null);
  return { value: known.length ? known.reduce((s, c) => s + (c.margin as number), 0) : null, salesWithCost, coverage: sales ? salesWithCost / sales : null };
}

/**
 * The month's panels. Server-rendered; only the charts hydrate. `range` is the same month through the
 * range queries: under filters the cards, categories, countries, channels and products come from it;
 * the weekly, funnel and heatmap marts cannot take filters and say so.
 */
export function DashboardBody({ kpis, range, state, currency }: { kpis: MonthKpis; range: RangeKpis; state: DashboardState; currency: string }) {
  const { fmtMoney, fmtMoney2 } = money(currency);
  const m = kpis.month;
  const filtered = hasFilters(state.filters);
  const csv = (chart: string) => `/api/dashboard/csv?month=${m}&chart=${chart}`;
  const filteredCsv = (chart: string) => csvHref(state, chart);
  const prev = monthLabel(previousMonth(m), "short");
  const fm = range.months.find((x) => x.month === m);
  const cards = filtered && fm ? { ...fm, mom: fm.mom } : kpis;
  const categories = filtered ? range.categories : kpis.categories;
  const margin = filtered ? marginOf(range.categories) : kpis.margin;
  const countries = Object.entries(range.revenueByCountry).map(([key, revenue]) => ({ key, label: countryName(key), revenue }));
  const channels = Object.entries(range.revenueByChannel).map(([key, revenue]) => ({ key, label: channelLabel(key), revenue }));
  const compare = state.period.view === "month" ? state.period.compare : "prev";
  const other = addMonths(m, compare === "yoy" ? -12 : -1);
  const f = kpis.funnel;
  // A panel built on tables the month never received says so instead of drawing zeros.
  const unavailable = (...tables: OptionalTable[]) => {
    const lacking = tables.filter((t) => kpis.missing.includes(t));
    return lacking.length ? <NotAvailable reason={monthLacks(lacking)} /> : null;
  };
  const noOrders = kpis.missing.includes("orders") ? monthLacks(["orders"]) : null;
  const card = (title: string, value: number | null, display: (v: number) => string, delta: number | null) => (
    <KpiCard
      title={title}
      value={value}
      display={value === null ? "—" : display(value)}
      delta={noOrders ? null : delta}
      previousLabel={prev}
      {...(noOrders
        ? { noDeltaText: `Not available: ${noOrders}` }
        : cards.mom
          ? { noDeltaText: `${prev} has no orders to compare with` } // loaded, but without orders (or none recognised)
          : {})}
    />
  );

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {card("Revenue", cards.revenue, fmtMoney, cards.mom?.revenue ?? null)}
        {card("Orders", cards.orders, fmtInt, cards.mom?.orders ?? null)}
        {card("Buyers", cards.buyers, fmtInt, cards.mom?.buyers ?? null)}
        {card("Average order value", cards.aov, fmtMoney2, cards.mom?.aov ?? null)}
      </div>

      <ChartCard title="Compare" description="This month beside another, under the same filters" actions={<CompareSelect state={state} />}>
        <ComparePanel month={m} other={other} now={noOrders ? null : range.total} then={range.history[other]} currency={currency} />
      </ChartCard>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-5">
        <ChartCard className="xl:col-span-3" title="Weekly revenue" description="Per ISO week, counting only this month’s days" csvHref={csv("weekly")}>
          <FilterNotice active={filtered} />
          {unavailable("orders") ?? (kpis.weekly.length ? <WeeklyRevenueChart data={kpis.weekly} currency={currency} /> : <NoData text="No recognised orders this month." />)}
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
          <FilterNotice active={filtered} />
          {!f.available ? <NotAvailable reason={f.reason} /> : f.sessions ? <Funnel data={f} /> : <NoData text="No sessions this month." />}
          <PostSale kpis={kpis} />
        </ChartCard>
      </div>

      <div className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
        <ChartCard
          className="md:col-span-2 xl:col-span-1"
          title="Sales and margin by category"
          description={<MarginCoverage margin={margin} />}
          csvHref={filtered ? filteredCsv("categories") : csv("categories")}
        >
          {unavailable("orders", "order_items") ??
            (categories.length ? <CategoryChart data={categories} drill={{ filter: "category", state }} currency={currency} /> : <NoData text="No order lines this month." />)}
          <CategoryNotes categories={categories} />
        </ChartCard>
        <ChartCard
          title="Revenue by country"
          description={noOrders ? "The order’s country, else its customer’s" : `${countries.length} ${countries.length === 1 ? "country" : "countries"}`} csvHref={filtered ? filteredCsv("country") : csv("country")}>
          {unavailable("orders") ??
            (countries.length ? <BreakdownChart title="Revenue by country" data={countries} drill={{ filter: "country", state }} currency={currency} /> : <NoData text="No revenue this month." />)}
        </ChartCard>
        <ChartCard title="Revenue by channel" description="The order’s channel, else its session’s" csvHref={filtered ? filteredCsv("channel") : csv("channel")}>
          {unavailable("orders") ??
            (channels.length ? (
              <BreakdownChart title="Revenue by channel" data={channels} color="var(--info)" drill={{ filter: "channel", state }} currency={currency} />
            ) : (
              <NoData text="No revenue this month." />
            ))}
        </ChartCard>
      </div>

      <ChartCard title="Activity by day and hour" description="Sessions started and recognised orders, business time zone" csvHref={csv("heatmap")}>
        <FilterNotice active={filtered} />
        <ActivityHeatmap sessions={kpis.heatmap.sessions} orders={kpis.heatmap.orders} />
      </ChartCard>

      <ChartCard title="Top products" description="Units, sales and margin (over the lines with a known cost) this month" csvHref={filteredCsv("products")}>
        {unavailable("orders", "order_items") ??
          (range.topProducts.length ? <TopProducts products={range.topProducts} currency={currency} /> : <NoData text="No order lines this month." />)}
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
            received a review ({fmtInt(p.reviewedOrders)} of {kpis.orders === null ? "—" : fmtInt(kpis.orders)}) so far.
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
