import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

describe("configuration", () => {
  it("has working defaults for the embedded backend", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORTAL_BACKEND: "local", DATA_DIR: "./data", BUSINESS_TIMEZONE: "UTC", PORT: 3000 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it("sizes DuckDB's memory and names a bad size", () => {
    expect(parseConfig({}).DUCKDB_MEMORY_LIMIT).toBe("1400MB");
    expect(parseConfig({ DUCKDB_MEMORY_LIMIT: "4GB" }).DUCKDB_MEMORY_LIMIT).toBe("4GB");
    expect(() => parseConfig({ DUCKDB_MEMORY_LIMIT: "lots" })).toThrow(/DUCKDB_MEMORY_LIMIT: must be a size such as 1600MB or 2GB/);
    expect(parseConfig({}).CACHE_DIR).toBe("node_modules/.cache/shoplake");
    expect(parseConfig({}).PGLITE_SHARED_BUFFERS).toBe("64MB");
    expect(() => parseConfig({ PGLITE_SHARED_BUFFERS: "64MB; DROP" })).toThrow(/PGLITE_SHARED_BUFFERS: must be a PostgreSQL size such as 64MB/);
  });

  it("takes the shop's currency as an ISO 4217 code (USD by default)", () => {
    expect(parseConfig({}).SHOP_CURRENCY).toBe("USD");
    expect(parseConfig({ SHOP_CURRENCY: "BRL" }).SHOP_CURRENCY).toBe("BRL");
    for (const bad of ["Real", "brl", "XYZ", "R$"]) expect(() => parseConfig({ SHOP_CURRENCY: bad }), bad).toThrow(/SHOP_CURRENCY: must be an ISO 4217 currency code/);
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", BUSINESS_TIMEZONE: "" }).BUSINESS_TIMEZONE).toBe("UTC");
  });

  it.each([
    [{ PORTAL_BACKEND: "gcp" }, "PORTAL_BACKEND"],
    [{ BUSINESS_TIMEZONE: "Mars/Olympus" }, "BUSINESS_TIMEZONE"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PORT: "99999" }, "PORT"],
    [{ PORTAL_BACKEND: "aws" }, "LAKE_BUCKET"],
  ])("stops with a message naming the bad variable (%j)", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it("accepts a complete AWS configuration", () => {
    const c = parseConfig({
      PORTAL_BACKEND: "aws", AWS_REGION: "eu-west-1", LAKE_BUCKET: "lake", STATE_MACHINE_ARN: "arn:aws:states:eu-west-1:1:stateMachine:x",
      ATHENA_WORKGROUP: "wg", GLUE_DATABASE: "shoplake", BUSINESS_TIMEZONE: "Europe/Paris",
    });
    expect(c.PORTAL_BACKEND).toBe("aws");
  });
});
