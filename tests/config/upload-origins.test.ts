import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { pageCsp } from "@/lib/http/security-headers";
import { uploadOrigins } from "@/lib/wiring/upload-origins";

const AWS = { PORTAL_BACKEND: "aws", AWS_REGION: "eu-west-1", LAKE_BUCKET: "shop-lake", STATE_MACHINE_ARN: "arn:aws:states:eu-west-1:1:stateMachine:m", ATHENA_WORKGROUP: "wg", GLUE_DATABASE: "db" };

describe("where browsers send upload bodies (the pages' connect-src)", () => {
  it("locally nowhere but the portal itself", () => {
    expect(uploadOrigins(parseConfig({}))).toEqual([]);
  });

  it("on AWS the bucket's S3 origins, or the configured endpoint's origin only", () => {
    expect(uploadOrigins(parseConfig(AWS))).toEqual(["https://shop-lake.s3.eu-west-1.amazonaws.com", "https://s3.eu-west-1.amazonaws.com"]);
    expect(uploadOrigins(parseConfig({ ...AWS, S3_ENDPOINT: "http://127.0.0.1:9000/some/path" }))).toEqual(["http://127.0.0.1:9000"]);
  });

  it("the local page CSP lets scripts connect to the portal only", () => {
    const csp = pageCsp("n0nce", { https: false, dev: false });
    expect(csp).toContain("connect-src 'self';");
  });
});
