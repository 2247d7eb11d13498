import type { Metadata } from "next";
import { DownloadIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { UploadWorkspace } from "@/components/upload/upload-workspace";
import { listBatchesFor } from "@/lib/portal/batch-views";
import { profileViews } from "@/lib/portal/profile-views";
import { requirePageUser } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/auth/roles";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Upload" };

export default async function UploadPage() {
  const user = await requirePageUser(AREA_ROLES.upload);
  const [batches, profiles] = await Promise.all([listBatchesFor(user), profileViews()]);
  return (
    <>
      <PageHeader
        title="Upload a month"
        description="Send the month’s CSV files — up to seven tables. They are checked here — through your shop’s profile if it has one — before anything leaves your computer."
        actions={
          // A plain link: the browser downloads the zip; no client code involved.
          <a href="/api/sample" download className={buttonClass("secondary")}>
            <DownloadIcon className="size-4" />
            Download a sample month
          </a>
        }
      />
      <UploadWorkspace initialBatches={batches} initialProfiles={profiles} timeZone={config().BUSINESS_TIMEZONE} />
    </>
  );
}
