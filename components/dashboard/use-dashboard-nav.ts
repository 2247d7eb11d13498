"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { dashboardHref, type DashboardState } from "@/lib/analytics/dashboard-url";

/** Moves the dashboard to another state with a history entry (the back button walks the views). */
export function useDashboardNav(state: DashboardState) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const go = (next: DashboardState) => startTransition(() => router.push(dashboardHref(next), { scroll: false }));
  return { pending, go, state };
}
