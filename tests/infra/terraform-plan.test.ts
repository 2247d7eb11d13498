// What `terraform validate`/`plan` would reject, checked without Terraform (it cannot be downloaded
// here): every argument and block against the AWS provider's schema (tests/infra/provider-schema.json,
// generated from the provider's CDKTF typings by scripts/gen-provider-schema.ts), every for_each/count
// against values that exist only after apply, and the runtimes against their end dates.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { INFRA, loadTerraform, type Block, type Terraform } from "./hcl";
import { PlanTime } from "./plan-time";
import schema from "./provider-schema.json";

interface BlockSchema {
  attributes: Record<string, boolean>;
  blocks: Record<string, BlockSchema & { required: boolean }>;
}

const META = new Set(["for_each", "count", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);
const supported = JSON.parse(readFileSync(path.join(INFRA, "supported-runtimes.json"), "utf8")) as {
  lambda: Record<string, { deprecation: string }>;
  glue: Record<string, { jobTypes: string[]; python: string; endOfSupport: string | null; pythonEndOfLife: string }>;
};
const DAY = 86_400_000;

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

/** Every argument and nested block of a body that the schema does not know, and missing required ones. */
export function schemaProblems(where: string, body: Block, s: BlockSchema, top = true): string[] {
  const problems: string[] = [];
  const dynamicNames = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (top && META.has(key)) continue;
    if (key === "dynamic") {
      for (const [name, uses] of Object.entries(value as Record<string, Block[]>)) {
        dynamicNames.add(name);
        const nested = s.blocks[name];
        if (!nested) {
          problems.push(`${where}: dynamic "${name}" is not a block of this type`);
          continue;
        }
        for (const use of uses) for (const content of (use.content ?? []) as Block[]) problems.push(...schemaProblems(`${where}.${name}`, content, nested, false));
      }
      continue;
    }
    if (key in s.attributes) continue;
    const nested = s.blocks[key];
    if (!nested) {
      problems.push(`${where}: unknown argument or block "${key}"`);
      continue;
    }
    for (const b of (Array.isArray(value) ? value : [value]) as Block[]) problems.push(...schemaProblems(`${where}.${key}`, b, nested, false));
  }
  for (const [name, required] of Object.entries(s.attributes)) if (required && !(name in body)) problems.push(`${where}: required argument "${name}" missing`);
  for (const [name, b] of Object.entries(s.blocks)) if (b.required && !(name in body) && !dynamicNames.has(name)) problems.push(`${where}: required block "${name}" missing`);
  return problems;
}

describe("infra against the AWS provider schema", () => {
  it("the schema file is of the provider version versions.tf asks for", () => {
    const versions = readFileSync(path.join(INFRA, "versions.tf"), "utf8");
    const aws = /aws\s*=\s*\{[^}]*version\s*=\s*"~>\s*([0-9.]+)"/.exec(versions)?.[1];
    expect(aws, "versions.tf pins hashicorp/aws with ~>").toBeDefined();
    const [major, minor] = aws!.split(".");
    expect(schema.providers.aws.terraform.startsWith(`${major}.`), "provider-schema.json is of another major version").toBe(true);
    expect(Number(schema.providers.aws.terraform.split(".")[1])).toBeGreaterThanOrEqual(Number(minor));
  });

  it("every resource and data block uses only arguments and blocks its type has, and all required ones", () => {
    const problems: string[] = [];
    for (const [kind, blocks] of [["resource", tf.resources], ["data", tf.data]] as const) {
      for (const [type, byName] of Object.entries(blocks)) {
        const s = (schema[kind] as Record<string, BlockSchema>)[type];
        if (!s) {
          problems.push(`${kind} ${type}: not in tests/infra/provider-schema.json (run scripts/gen-provider-schema.ts)`);
          continue;
        }
        for (const [name, body] of Object.entries(byName)) problems.push(...schemaProblems(`${kind}.${type}.${name}`, body, s));
      }
    }
    expect(problems).toEqual([]);
  });

  it("the check sees a wrong argument, a wrong nested one, a missing required block", () => {
    const s = (schema.resource as Record<string, BlockSchema>).aws_glue_job!;
    expect(schemaProblems("j", { name: "x", role_arn: "r", command: [{ script_location: "s3://a" }] }, s)).toEqual([]);
    expect(schemaProblems("j", { name: "x", role_arn: "r", pythonshell: true, command: [{ script_location: "s3://a" }] }, s)).toEqual(['j: unknown argument or block "pythonshell"']);
    expect(schemaProblems("j", { name: "x", role_arn: "r", command: [{ script: "s3://a" }] }, s)).toEqual(['j.command: unknown argument or block "script"', 'j.command: required argument "script_location" missing']);
    expect(schemaProblems("j", { name: "x", role_arn: "r" }, s)).toEqual(['j: required block "command" missing']);
  });
});

describe("for_each and count are known at plan time", () => {
  it("every for_each has known keys and every count a known value", async () => {
    const pt = new PlanTime(tf);
    const problems: string[] = [];
    for (const [kind, blocks] of [["resource", tf.resources], ["data", tf.data]] as const) {
      for (const [type, byName] of Object.entries(blocks)) {
        for (const [name, body] of Object.entries(byName)) {
          if ("for_each" in body) {
            const k = await pt.value(body.for_each);
            if (k === "unknown") problems.push(`${kind}.${type}.${name}: for_each = ${JSON.stringify(body.for_each)} depends on values known only after apply`);
          }
          if ("count" in body && (await pt.value(body.count)) !== "known") problems.push(`${kind}.${type}.${name}: count depends on values known only after apply`);
          for (const [dyn, uses] of Object.entries((body.dynamic ?? {}) as Record<string, Block[]>)) {
            for (const u of uses) if ((await pt.value(u.for_each)) === "unknown") problems.push(`${kind}.${type}.${name}: dynamic ${dyn} for_each unknown at plan`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("the rule tells a set of ids created by the apply from a map with static keys", async () => {
    const pt = new PlanTime(tf);
    // infra/network.tf before the fix: security group ids in a set.
    expect(await pt.value("${toset(concat([aws_security_group.portal.id], var.portal_security_group_ids))}")).toBe("unknown");
    expect(await pt.value('${merge({ portal = aws_security_group.portal.id }, { for i, id in var.portal_security_group_ids : "extra-${i}" => id })}')).toBe("keys");
    expect(await pt.value('${{ for k, v in local.jobs : k => v if v.role == "loader" }}')).toBe("known");
    expect(await pt.value("${length(aws_subnet.x.ids)}")).toBe("unknown");
    expect(await pt.value('${var.admin_cidr == "" ? 0 : 1}')).toBe("known");
    expect(await pt.value("${local.glue_wheel_files}")).toBe("known");
    expect(await pt.value('${{ for id in aws_security_group.x[*].id : id => id }}')).toBe("unknown");
  });
});

describe("runtimes with their end dates (infra/supported-runtimes.json)", () => {
  it("every Lambda runtime is listed and at least 90 days from its deprecation", () => {
    const runtimes = Object.entries(tf.resources.aws_lambda_function ?? {}).map(([name, fn]) => {
      const r = String(fn.runtime);
      const m = /^\$\{local\.(\w+)\}$/.exec(r);
      return [name, m ? String(tf.locals[m[1]!]) : r] as const;
    });
    expect(runtimes.length).toBe(5);
    for (const [name, runtime] of runtimes) {
      const entry = supported.lambda[runtime];
      expect(entry, `${name}: ${runtime} is not in supported-runtimes.json`).toBeDefined();
      expect(Date.parse(entry!.deprecation) - Date.now(), `${name}: ${runtime} is deprecated on ${entry!.deprecation}`).toBeGreaterThan(90 * DAY);
    }
  });

  it("the Glue jobs: a listed version, job type and Python, none within 90 days of its end", () => {
    const job = tf.resources.aws_glue_job!.job!;
    const versions = [String(tf.variables.glue_version!.default)];
    const allowed = /contains\(\[([^\]]*)\]/.exec(JSON.stringify(tf.variables.glue_version!.validation))?.[1];
    versions.push(...[...(allowed ?? "").matchAll(/\\"([0-9.]+)\\"/g)].map((m) => m[1]!));
    expect(job.glue_version).toBe("${var.glue_version}");
    for (const v of new Set(versions)) {
      const entry = supported.glue[v];
      expect(entry, `Glue ${v} is not in supported-runtimes.json`).toBeDefined();
      expect(entry!.jobTypes).toContain(job.command[0].name);
      expect(Date.parse(entry!.pythonEndOfLife) - Date.now(), `Glue ${v}: Python ${entry!.python} ends ${entry!.pythonEndOfLife}`).toBeGreaterThan(90 * DAY);
      if (entry!.endOfSupport) expect(Date.parse(entry!.endOfSupport) - Date.now()).toBeGreaterThan(90 * DAY);
    }
  });
});
