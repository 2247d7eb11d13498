import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ProfilesWorkspace } from "@/components/profiles/profiles-workspace";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { builtinViews, profileViews } from "@/lib/portal/profile-views";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage() {
  await requirePageUser(AREA_ROLES.profiles);
  const profiles = await profileViews();
  return (
    <>
      <PageHeader
        title="Source profiles"
        description="How your shop’s own exports read as the contract: delimiter, encoding, numbers, dates, column names and status words. The upload page picks the right one by itself."
      />
      <ProfilesWorkspace initial={profiles} builtins={builtinViews()} />
    </>
  );
}
