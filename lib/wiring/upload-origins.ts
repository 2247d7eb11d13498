// No "server-only" and no backend import: proxy.ts builds each page's CSP from this.
import type { AppConfig } from "../config/schema";

/** Origins other than the portal's own that browsers send upload bodies to: S3 on the AWS backend. */
export function uploadOrigins(c: AppConfig): string[] {
  if (c.PORTAL_BACKEND !== "aws") return []; // local signed URLs point at the portal itself
  if (c.S3_ENDPOINT) return [new URL(c.S3_ENDPOINT).origin];
  const region = c.AWS_REGION ?? "us-east-1";
  return [`https://${c.LAKE_BUCKET}.s3.${region}.amazonaws.com`, `https://s3.${region}.amazonaws.com`];
}
