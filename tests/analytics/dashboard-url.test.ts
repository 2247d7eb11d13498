import { describe, expect, it } from "vitest";
import { csvHref, dashboardHref, parseDashboardState } from "@/lib/analytics/dashboard-url";

const MONTHS = Array.from({ length: 15 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}`)
  .map((m, i) => (i < 12 ? m : `2025-${String(i - 11).padStart(2, "0")}`))
  .reverse();

describe("the dashboard's state is its URL", () => {
  it("no period: the last 12 loaded months", () => {
    expect(parseDashboardState({}, MONTHS).state.period).toEqual({ view: "range", from: "2024-04", to: "2025-03" });
    expect(parseDashboardState({}, ["2025-02", "2025-01"]).state.period).toEqual({ view: "range", from: "2025-01", to: "2025-02" });
  });

  it("round-trips a month with compare and a range with filters", () => {
    for (const q of ["month=2024-05&compare=yoy&country=FR", "from=2024-01&to=2024-06&country=FR&channel=email&device=mobile&category=Home+%26+Garden"]) {
      const { state, problems } = parseDashboardState(Object.fromEntries(new URLSearchParams(q)), MONTHS);
      expect(problems).toEqual([]);
      expect(dashboardHref(state)).toBe(`/dashboard?${q}`);
    }
  });

  it("refuses what is not whitelisted, says so, and keeps the rest", () => {
    const { state, problems } = parseDashboardState({ from: "2024-01", to: "2024-03", country: "FR' OR 1=1", channel: "tv", device: "mobile" }, MONTHS);
    expect(state.filters).toEqual({ device: "mobile" });
    expect(problems).toHaveLength(2);
    expect(parseDashboardState({ from: "2024-05", to: "2024-01" }, MONTHS).problems[0]).toMatch(/Ignored the range/);
    expect(parseDashboardState({ month: "1999-01" }, MONTHS)).toMatchObject({ state: { period: { month: "2025-03" } }, problems: ["missing-month:1999-01"] });
  });

  it("a range longer than five years is not read: it is said, and the last 12 months shown", () => {
    const huge = parseDashboardState({ from: "0001-01", to: "9999-12", country: "FR" }, MONTHS);
    expect(huge.state).toEqual({ period: { view: "range", from: "2024-04", to: "2025-03" }, filters: { country: "FR" } });
    expect(huge.problems).toEqual(["Ignored the range 0001-01 … 9999-12: a range is at most 60 months."]);
    expect(parseDashboardState({ from: "2021-01", to: "2025-12" }, MONTHS).problems).toEqual([]);
    expect(parseDashboardState({ from: "2020-12", to: "2025-12" }, MONTHS).problems).toHaveLength(1);
    expect(parseDashboardState({ from: "2024-01" }, MONTHS).problems).toEqual(["Ignored the range 2024-01 … ?: give two YYYY-MM months."]);
  });

  it("a category is the shop's own text (Olist's snake_case, a path with >), not a control character", () => {
    for (const category of ["cama_mesa_banho", "Apparel > Shirts", "50% off", "Kids' Toys"]) {
      const { state, problems } = parseDashboardState({ from: "2024-01", to: "2024-03", category }, MONTHS);
      expect(problems).toEqual([]);
      expect(parseDashboardState(Object.fromEntries(new URLSearchParams(dashboardHref(state).split("?")[1])), MONTHS).state.filters).toEqual({ category });
    }
    for (const category of ["Home\n", "\u0007", "   ", "x".repeat(501)]) expect(parseDashboardState({ category }, MONTHS).problems, category).toHaveLength(1);
  });

  it("CSV links carry the period and the filters", () => {
    const { state } = parseDashboardState({ month: "2024-05", compare: "yoy", category: "Home" }, MONTHS);
    expect(csvHref(state, "products")).toBe("/api/dashboard/csv?month=2024-05&category=Home&chart=products");
  });
});
