import { ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { lakeKeys } from "../../lake/keys";
import { missingMonth, previousMonth } from "../../notify/missing-month";

/** What the notify function needs to tell a missing month on AWS, where it does not read the portal's database. */
export interface MissingMonthCheck {
  /** Day of the month by which the previous month must be published; null: not watched. */
  expectedDay: number | null;
  timeZone: string;
  /** Whether a run published the month (job 3 replaces its curated partitions only when it publishes). */
  isPublished(month: string): Promise<boolean>;
  /** True the first time for a month: the check runs every hour and tells each month once. */
  claim(month: string): Promise<boolean>;
}

/** The month to report now, claimed, or null. */
export async function dueMissingMonth(check: MissingMonthCheck, now: Date): Promise<string | null> {
  if (check.expectedDay === null) return null;
  const candidate = previousMonth(now, check.timeZone);
  const published = (await check.isPublished(candidate)) ? new Set([candidate]) : new Set<string>();
  const month = missingMonth(now, check.expectedDay, check.timeZone, published);
  return month && (await check.claim(month)) ? month : null;
}

const isConditionFailure = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "PreconditionFailed" || err.$metadata?.httpStatusCode === 412 || err.$metadata?.httpStatusCode === 409;
};

/** The lake as the check reads it: the month's published KPI partition, and a create-only claim object. */
export function s3MissingMonthCheck(s3: S3Client, bucket: string, expectedDay: number | null, timeZone: string): MissingMonthCheck {
  return {
    expectedDay,
    timeZone,
    async isPublished(month) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: lakeKeys.curatedPrefix("mart_kpis", month), MaxKeys: 1 }));
      return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
    },
    async claim(month) {
      try {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: lakeKeys.report("_notify", `month.missing-${month}`), Body: JSON.stringify({ month }), ContentType: "application/json", IfNoneMatch: "*" }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
  };
}

/** NOTIFY_EXPECTED_DAY: "" or unset is off; else a day 1–28. */
export function expectedDayFrom(v: string | undefined): number | null {
  if (!v) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 28 ? n : null;
}
