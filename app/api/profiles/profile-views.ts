import "server-only";
import { BUILTIN_PROFILES } from "@/lib/contracts/builtin-profiles";
import { profileTables, type SavedProfile } from "@/lib/db/profiles";
import type { ProfileView } from "@/lib/profiles/records";

export const toProfileView = (p: SavedProfile): ProfileView => ({
  id: p.id,
  name: p.name,
  profile: p.profile,
  fingerprints: p.fingerprints,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
  createdBy: p.createdBy,
  tables: profileTables(p.profile),
});

/** The built-in profiles a shop can start from, as the pages get them. */
export const builtinViews = () => BUILTIN_PROFILES.map((b) => ({ id: b.id, label: b.label, description: b.description, profile: b.profile }));
