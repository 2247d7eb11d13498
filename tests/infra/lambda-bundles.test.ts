// The files Terraform deploys that are built from TypeScript and npm packages are committed; they must
// be what a fresh build gives (else a change to the manifest schema or the validation would not reach
// AWS). Regenerate: npm run infra:build
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { infraArtifacts, lambdaSqlFiles, LAMBDAS } from "../../scripts/build-infra-artifacts";
import { INFRA } from "./hcl";

const ROOT = path.resolve(INFRA, "..");

describe("generated infra artifacts", () => {
  it("each committed file equals a fresh build (npm run infra:build)", async () => {
    const files = await infraArtifacts();
    expect([...files.keys()].filter((k) => /^infra\/lambda\/[^/]+\/index\.mjs$/.test(k)).length).toBe(LAMBDAS.length);
    for (const [rel, text] of files) expect(readFileSync(path.join(ROOT, rel), "utf8") === text, `${rel} is stale: run npm run infra:build`).toBe(true);
    // Nothing else in the folders Terraform zips (a SQL file removed from lib/ leaves them too).
    for (const name of LAMBDAS) {
      const shipped = readdirSync(path.join(INFRA, "lambda", name), { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)))
        .sort();
      expect(shipped, name).toEqual([...files.keys()].filter((k) => k.startsWith(`infra/lambda/${name}/`)).sort());
    }
  }, 60_000);

  it("validate-batch ships every job 1 SQL file the planner renders, and finds them from its task root", () => {
    expect(lambdaSqlFiles("validate-batch")).toEqual(expect.arrayContaining(["pipeline/sql/macros.sql", "pipeline/sql/job1/split.sql", "pipeline/sql/job1/orders.sql", "pipeline/sql/job1/order_items.sql"]));
    expect(lambdaSqlFiles("validate-batch")).toHaveLength(9);
    for (const other of LAMBDAS.filter((n) => n !== "validate-batch")) expect(lambdaSqlFiles(other), other).toEqual([]);
    const bundle = readFileSync(path.join(INFRA, "lambda/validate-batch/index.mjs"), "utf8");
    expect(bundle.split("\n")[1]).toBe("if (process.env.LAMBDA_TASK_ROOT) process.chdir(process.env.LAMBDA_TASK_ROOT);");
  });

  it("the functions carry no copy of the contract: the validation comes from lib/ (month rule, table list, schema)", () => {
    const bundle = readFileSync(path.join(INFRA, "lambda/validate-batch/index.mjs"), "utf8");
    // zod's schema of the manifest and the table names of lib/contracts are in the bundle.
    for (const t of ["customers", "order_items", "businessTimeZone", "createdBy"]) expect(bundle).toContain(t);
    expect(readFileSync(path.join(ROOT, "lib/aws/lambdas/validate-batch.ts"), "utf8")).not.toMatch(/customers|\\d\{4\}|0\[1-9\]/);
  });

  it("the RDS CA bundle: Amazon's self-signed RDS roots, one for each region the deployment can use", () => {
    const pem = readFileSync(path.join(INFRA, "glue/rds-ca-bundle.pem"), "utf8");
    const certs = (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));
    expect(certs.length).toBeGreaterThan(100);
    for (const region of ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"]) {
      const root = certs.find((c) => c.subject.includes(`CN=Amazon RDS ${region} Root CA RSA2048 G1`));
      expect(root, region).toBeDefined();
      expect(root!.verify(root!.publicKey), `${region} root is self-signed`).toBe(true);
      expect(root!.subject).toMatch(/^O=Amazon Web Services\\?, Inc\.$/m);
      expect(Date.parse(root!.validTo)).toBeGreaterThan(Date.parse("2060-01-01"));
    }
  });
});
