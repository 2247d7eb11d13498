import { describe, expect, it } from "vitest";
import { globMatches, profileTablesForFile, parseProfile } from "@/lib/contracts";

/** The glob as a regular expression: the oracle on short strings, where backtracking cannot run away. */
const byRegExp = (glob: string, name: string) =>
  new RegExp(`^${[...glob.toLowerCase()].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`, "su").test(
    name.toLowerCase(),
  );

describe("a profile's file glob", () => {
  it("matches a file's base name, case-insensitively, with * and ?", () => {
    expect(globMatches("pedidos*.csv", "exports/PEDIDOS_2025-11.CSV")).toBe(true);
    expect(globMatches("pedidos*.csv", "C:\\shop\\pedidos.csv")).toBe(true);
    expect(globMatches("pedidos*.csv", "pedidos.csv.bak")).toBe(false);
    expect(globMatches("orders_202?-??.csv", "orders_2025-11.csv")).toBe(true);
    expect(globMatches("orders_202?-??.csv", "orders_2025-1.csv")).toBe(false);
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("", "a.csv")).toBe(false);
    expect(globMatches("a.c*", "abc.csv"), "a dot is a dot, not any character").toBe(false);
    expect(globMatches("avaliações*.csv", "Avaliações-nov.csv")).toBe(true);
    expect(globMatches("?.csv", "😀.csv"), "? is one character, not one UTF-16 unit").toBe(true);
  });

  it("agrees with the glob read as a regular expression on every small case", () => {
    const alphabet = ["a", "b", "*", "?", "."];
    let seed = 7;
    const pick = <T,>(xs: T[]) => xs[(seed = (seed * 1103515245 + 12345) % 2147483648) % xs.length]!;
    for (let i = 0; i < 5000; i++) {
      const glob = Array.from({ length: 1 + (i % 6) }, () => pick(alphabet)).join("");
      const name = Array.from({ length: i % 8 }, () => pick(["a", "b", "."])).join("");
      expect(globMatches(glob, name), `${glob} ~ ${name}`).toBe(byRegExp(glob, name));
    }
  });

  it("a hostile glob in an imported profile answers at once instead of holding the thread", () => {
    // As a regular expression this backtracked for seconds (*a × 6) and for minutes (*a × 10) on a 64-character name.
    const glob = `${"*a".repeat(10)}*b`;
    const parsed = parseProfile(JSON.stringify({ name: "hostile", tables: { orders: { file: glob } } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(profileTablesForFile(parsed.profile, `${"a".repeat(200)}.csv`)).toEqual([]);
    expect(globMatches(glob, `${"a".repeat(200)}b`)).toBe(true);
  });
});
