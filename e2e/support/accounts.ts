import type { Role } from "../../lib/auth/roles";

/** The first admin, created through /setup by the setup-admin journey (or by ensureAdmin). */
export const BOOTSTRAP_ADMIN = {
  name: "Ada Admin",
  email: "admin@e2e.test",
  password: "quiet-lantern-harbor-42",
} as const;

export interface TestAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** A fresh account per call, so journeys never share users. */
export function newAccount(role: Role, tag: string = role): TestAccount {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // Nothing of the email or name in the password (the password policy refuses that).
  const secret = Math.random().toString(36).slice(2, 10);
  return { email: `${tag}-${id}@e2e.test`, password: `harbor-${secret}-lantern`, name: `${capitalize(tag)} ${id.slice(-4)}`, role };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
