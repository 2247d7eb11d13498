"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { navFor, ROLE_LABELS, type NavItem, type Role } from "@/lib/auth/roles";
import { cn } from "@/components/ui/cn";
import { AdminIcon, CatalogIcon, CloseIcon, DashboardIcon, LakeIcon, MenuIcon, ProfilesIcon, RunsIcon, UploadIcon } from "@/components/ui/icons";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

const ICONS: Record<NavItem["icon"], ReactNode> = {
  upload: <UploadIcon />,
  profiles: <ProfilesIcon />,
  runs: <RunsIcon />,
  dashboard: <DashboardIcon />,
  catalog: <CatalogIcon />,
  admin: <AdminIcon />,
};

export interface ShellUser {
  name: string;
  email: string;
  role: Role;
}

/**
 * The signed-in frame: a fixed sidebar on wide screens, a top bar with a drawer on tablets and phones.
 * Links come from lib/auth/roles (the same map the server enforces).
 */
export function Shell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2">
        Skip to content
      </a>
      {/* Top bar: below lg */}
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-surface/90 px-4 backdrop-blur lg:hidden">
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="inline-flex size-9 items-center justify-center rounded-md hover:bg-surface-2"
          aria-label="Open navigation"
          aria-expanded={open}
          aria-controls="portal-sidebar"
        >
          <MenuIcon />
        </button>
        <Brand />
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
        </div>
      </header>

      {open ? <div className="fixed inset-0 z-40 bg-black/40 lg:hidden" onClick={() => setOpen(false)} aria-hidden /> : null}

      <aside
        id="portal-sidebar"
        className={cn(
          "fixed inset-y-0 left-0 z-50 flex w-64 flex-col border-r border-border bg-surface transition-transform lg:sticky lg:top-0 lg:z-auto lg:h-dvh lg:w-auto lg:translate-x-0",
          open ? "translate-x-0" : "-translate-x-full",
        )}
      >
        <div className="flex h-14 items-center justify-between px-4 lg:h-16">
          <Brand />
          <button
            type="button"
            onClick={() => setOpen(false)}
            className="inline-flex size-9 items-center justify-center rounded-md hover:bg-surface-2 lg:hidden"
            aria-label="Close navigation"
          >
            <CloseIcon />
          </button>
        </div>
        <nav aria-label="Main" className="flex-1 space-y-1 overflow-y-auto px-3 py-2">
          {navFor(user.role).map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <Link
                key={item.href}
                href={item.href}
                onClick={() => setOpen(false)}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                  active ? "bg-accent-soft text-accent" : "text-muted hover:bg-surface-2 hover:text-fg",
                )}
              >
                {ICONS[item.icon]}
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="border-t border-border p-3">
          <div className="flex items-center gap-3">
            <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent-soft text-sm font-semibold text-accent" aria-hidden>
              {initials(user.name)}
            </div>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-fg" title={user.email}>
                {user.name}
              </p>
              <p className="text-xs text-muted">{ROLE_LABELS[user.role]}</p>
            </div>
            <div className="hidden lg:block">
              <ThemeToggle />
            </div>
            <SignOutButton />
          </div>
        </div>
      </aside>

      <main id="main" className="min-w-0 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">
        <div className="mx-auto max-w-7xl">{children}</div>
      </main>
    </div>
  );
}

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold text-fg">
      <span className="flex size-8 items-center justify-center rounded-md bg-accent text-accent-fg">
        <LakeIcon className="size-5" />
      </span>
      ShopLake
    </Link>
  );
}

const initials = (name: string) =>
  name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((s) => s[0]!.toUpperCase())
    .join("");
