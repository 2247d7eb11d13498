import "server-only";
import { BUILTIN_PROFILES } from "../contracts/builtin-profiles";
import { getProfile, listProfiles, profileTables, type SavedProfile } from "../db/profiles";
import { AppError } from "../errors";
import type { ProfileView } from "../profiles/records";

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

/** The shop's saved profiles, newest first. */
export const profileViews = async (): Promise<ProfileView[]> => (await listProfiles()).map(toProfileView);

async function savedProfile(id: string): Promise<SavedProfile> {
  const p = await getProfile(id);
  if (!p) throw new AppError(404, "profile_not_found", "No such profile.");
  return p;
}

/** One saved profile, else 404. */
export const profileView = async (id: string): Promise<ProfileView> => toProfileView(await savedProfile(id));

/** A saved profile as a file in the contract's format (the CLI's `--profile FILE` reads it), with a file name from its name. */
export async function profileFile(id: string): Promise<{ fileName: string; text: string }> {
  const p = await savedProfile(id);
  const slug = p.name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "profile";
  return { fileName: `${slug}.profile.json`, text: `${JSON.stringify({ ...p.profile, name: p.name }, null, 2)}\n` };
}
