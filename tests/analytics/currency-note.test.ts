// The dashboard says when a period's orders are not all in the shop's currency: sums are never converted.
import { describe, expect, it } from "vitest";
import { currencyNote } from "@/lib/analytics/currency-note";

describe("the currency note", () => {
  it("is silent when every order is in the shop's currency, or there is none", () => {
    expect(currencyNote({ count: 1, first: "BRL", last: "BRL" }, "BRL")).toBeNull();
    expect(currencyNote({ count: 0, first: null, last: null }, "BRL")).toBeNull();
  });

  it("names another single currency, and a mix with its count", () => {
    expect(currencyNote({ count: 1, first: "USD", last: "USD" }, "EUR")).toEqual({
      title: "Orders in USD",
      text: "This period's orders are in USD; the dashboard writes amounts in EUR (SHOP_CURRENCY) without converting them.",
    });
    expect(currencyNote({ count: 3, first: "BRL", last: "USD" }, "BRL")).toEqual({
      title: "Orders in more than one currency",
      text: "This period's orders are in 3 currencies (BRL … USD): amounts are summed as the orders give them, not converted, and written in BRL.",
    });
  });
});
