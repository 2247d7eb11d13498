/**
 * Who may see what: the single source read by proxy.ts, pages (requirePageUser), the sidebar and the
 * API route handlers. Safe to import from client components (no server code here).
 */
export const ROLES = ["admin", "ops", "client", "manager"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

/** Roles per area of the portal. API handlers pass these to `handler({ roles })`. */
export const AREA_ROLES = {
  upload: ["client", "admin"],
  /** The shop's source profiles: who uploads manages how the exports are read. */
  profiles: ["client", "admin"],
  runs: ["ops", "admin"],
  /** Run detail: clients may read the runs of their own batches (ownership is checked by the page/API). */
  runDetail: ["ops", "admin", "client"],
  /** Retry / re-run: changes things, so ops and admin only. */
  runActions: ["ops", "admin"],
  dashboard: ["manager", "admin"],
  catalog: ["ops", "admin"],
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREA_ROLES;

export interface NavItem {
  href: string;
  label: string;
  area: Area;
  icon: "upload" | "profiles" | "runs" | "dashboard" | "catalog" | "admin";
}

/** Sidebar entries, in display order; each shows only to the roles of its area. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/upload", label: "Upload", area: "upload", icon: "upload" },
  { href: "/profiles", label: "Profiles", area: "profiles", icon: "profiles" },
  { href: "/runs", label: "Runs", area: "runs", icon: "runs" },
  { href: "/dashboard", label: "Dashboard", area: "dashboard", icon: "dashboard" },
  { href: "/catalog", label: "Catalog", area: "catalog", icon: "catalog" },
  { href: "/admin", label: "Admin", area: "admin", icon: "admin" },
];

/**
 * Page rules: a pattern of path segments (`:x` matches any one segment) that also covers everything
 * below it. The most specific matching rule wins, so `/runs/:id` (clients allowed) beats `/runs`.
 */
const PAGE_RULES: readonly { pattern: string; area: Area }[] = [
  { pattern: "/upload", area: "upload" },
  { pattern: "/profiles", area: "profiles" },
  { pattern: "/runs", area: "runs" },
  { pattern: "/runs/:id", area: "runDetail" },
  { pattern: "/dashboard", area: "dashboard" },
  { pattern: "/catalog", area: "catalog" },
  { pattern: "/admin", area: "admin" },
];

/** Paths anyone may open, signed in or not. */
export const PUBLIC_PATHS = ["/login", "/setup", "/forbidden"] as const;

const segments = (path: string) => path.split("?")[0]!.split("/").filter(Boolean);

function matches(pattern: string, path: string): number {
  const p = segments(pattern);
  const s = segments(path);
  if (s.length < p.length) return -1;
  for (let i = 0; i < p.length; i++) {
    if (!p[i]!.startsWith(":") && p[i] !== s[i]) return -1;
  }
  return p.length;
}

/** The area a page path belongs to, or null for pages any signed-in user may open (e.g. `/`). */
/**
 * The page a `/forbidden?from=` names, shown to the user: only a path of one of our pages (the query
 * parameter is anyone's to write, and "Your session expired, sign in at …" must not read as ours).
 */
export function forbiddenPageName(from: unknown): string | null {
  if (typeof from !== "string" || from.length > 200 || !/^\/[\w\-./?&=%]*$/.test(from)) return null;
  return areaForPath(from) ? from : null;
}

export function areaForPath(path: string): Area | null {
  let best: { area: Area; score: number } | null = null;
  for (const rule of PAGE_RULES) {
    const score = matches(rule.pattern, path);
    if (score > 0 && (!best || score > best.score)) best = { area: rule.area, score };
  }
  return best?.area ?? null;
}

export const canAccessArea = (role: Role, area: Area): boolean => (AREA_ROLES[area] as readonly Role[]).includes(role);

/** Whether `role` may open page `path` (ownership rules such as "own runs" are checked later by the page). */
export function canAccessPath(role: Role, path: string): boolean {
  if (isPublicPath(path)) return true;
  const area = areaForPath(path);
  return area === null || canAccessArea(role, area);
}

export const isPublicPath = (path: string): boolean =>
  PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

export const navFor = (role: Role): NavItem[] => NAV_ITEMS.filter((i) => canAccessArea(role, i.area));

/** Where a role lands after sign-in (`/`). */
export function homeFor(role: Role): string {
  switch (role) {
    case "client":
      return "/upload";
    case "ops":
      return "/runs";
    case "manager":
      return "/dashboard";
    case "admin":
      return "/runs";
  }
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  ops: "Ops",
  client: "Client",
  manager: "Manager",
};
