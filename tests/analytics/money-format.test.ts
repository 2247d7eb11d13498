// Amounts are written in the shop's currency (SHOP_CURRENCY), the same way on the server and in the browser.
import { describe, expect, it } from "vitest";
import { money } from "@/components/charts/format";

describe("money in the shop's currency", () => {
  it("writes each currency's symbol, cents below 10,000 and whole units from it", () => {
    expect(money("USD").fmtMoney(1234.5)).toBe("$1,234.50");
    expect(money("BRL").fmtMoney(1234.5)).toBe("R$1,234.50");
    expect(money("EUR").fmtMoney(513293.4)).toBe("€513,293");
    expect(money("EUR").fmtMoney2(513293.4)).toBe("€513,293.40");
    expect(money("GBP").fmtMoneyCompact(1_200_000)).toBe("£1.2M");
    // A currency without minor units keeps the two decimals the data has (the amounts are not converted).
    expect(money("JPY").fmtMoney2(1500)).toBe("¥1,500.00");
  });

  it("keeps one set of formatters per currency", () => {
    expect(money("BRL")).toBe(money("BRL"));
    expect(money("BRL")).not.toBe(money("USD"));
  });
});
