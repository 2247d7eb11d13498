import { describe, expect, it } from "vitest";
import { areaForPath, canAccessPath, forbiddenPageName, homeFor, navFor, ROLES, type Role } from "@/lib/auth/roles";

describe("roles map", () => {
  const expected: Record<string, Role[]> = {
    "/upload": ["client", "admin"],
    "/profiles": ["client", "admin"],
    "/runs": ["ops", "admin"],
    "/dashboard": ["manager", "admin"],
    "/catalog": ["ops", "admin"],
    "/admin": ["admin"],
    "/admin/users": ["admin"],
    "/dashboard?month=2025-11": ["manager", "admin"],
  };

  for (const [path, allowed] of Object.entries(expected)) {
    it(`${path} is open to exactly ${allowed.join(", ")}`, () => {
      expect(ROLES.filter((r) => canAccessPath(r, path))).toEqual(ROLES.filter((r) => allowed.includes(r)));
    });
  }

  it("run detail pages also admit clients (ownership is checked by the page), the list does not", () => {
    expect(areaForPath("/runs/abc")).toBe("runDetail");
    expect(canAccessPath("client", "/runs/abc")).toBe(true);
    expect(canAccessPath("client", "/runs")).toBe(false);
    expect(canAccessPath("manager", "/runs/abc")).toBe(false);
  });

  it("does not confuse prefixes that share letters", () => {
    expect(areaForPath("/administer")).toBeNull();
    expect(areaForPath("/runsheet")).toBeNull();
  });

  it("the 403 page names only a path of one of our pages, never text someone put in its link", () => {
    expect(forbiddenPageName("/admin")).toBe("/admin");
    expect(forbiddenPageName("/runs/3f2a?step=Job1RawToProcessed")).toBe("/runs/3f2a?step=Job1RawToProcessed");
    for (const bad of ["Your session expired, sign in again at https://evil.example", "https://evil.example/admin", "//evil.example", "/nowhere-of-ours", "/admin\nx", `/${"a".repeat(300)}`, ["/admin"], undefined]) {
      expect(forbiddenPageName(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("public pages are open to everyone", () => {
    for (const r of ROLES) {
      expect(canAccessPath(r, "/login")).toBe(true);
      expect(canAccessPath(r, "/setup")).toBe(true);
    }
  });

  it("navigation shows each role only what it may open, and the home page is one of them", () => {
    expect(navFor("client").map((i) => i.href)).toEqual(["/upload", "/profiles"]);
    expect(navFor("ops").map((i) => i.href)).toEqual(["/runs", "/catalog"]);
    expect(navFor("manager").map((i) => i.href)).toEqual(["/dashboard"]);
    expect(navFor("admin").map((i) => i.href)).toEqual(["/upload", "/profiles", "/runs", "/dashboard", "/catalog", "/admin"]);
    for (const r of ROLES) expect(canAccessPath(r, homeFor(r))).toBe(true);
  });
});
