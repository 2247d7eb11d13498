// The AWS guide's deploy steps and cost table describe what Terraform creates.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { INFRA, loadTerraform, type Terraform } from "./hcl";

const GUIDE = readFileSync(path.resolve(INFRA, "../docs/aws.md"), "utf8");
const deploy = GUIDE.slice(GUIDE.indexOf("# Deploy to AWS"), GUIDE.indexOf("## What the AWS side was tested with"));

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

/** Rows of the markdown table that follows a heading. */
function tableAfter(heading: string): string[][] {
  const at = deploy.indexOf(heading);
  const lines = deploy.slice(at).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith("|"));
  return lines.slice(first + 2, end).map((r) => r.split("|").slice(1, -1).map((c) => c.trim()));
}

describe("docs/aws.md ↔ infra/", () => {
  it("every terraform output the steps read exists", () => {
    const used = new Set([...deploy.matchAll(/terraform output (?:-raw |-json )?(\w+)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThanOrEqual(4);
    for (const o of used) expect(tf.outputs[o], `output ${o}`).toBeDefined();
    for (const o of ["portal_role_arn", "portal_security_group_id"]) {
      expect(deploy).toContain(`\`${o}\``);
      expect(tf.outputs[o]).toBeDefined();
    }
  });

  it("the steps download exactly the wheels Terraform checks for, for the platform of the Glue version", () => {
    expect(deploy).toContain("pip download -r infra/glue/requirements.txt -d infra/glue/wheels");
    expect(tf.locals.glue_wheel_dir).toBe("${path.module}/glue/wheels");
    expect(deploy).toMatch(/--python-version 3\.11/);
    expect(tf.variables.glue_version!.default).toBe("5.0");
    expect(deploy).toContain("Glue 5.0 (Python 3.11)");
  });

  it("what the text says is created: job shape, runtime, database, log groups", () => {
    expect(deploy).toContain(`two ${tf.locals.glue_worker_type}`);
    expect(tf.locals.glue_number_of_workers).toBe(2);
    expect(deploy).toContain(`Node.js\n24`.replace("\n", " ").slice(0, 7));
    expect(String(tf.locals.lambda_runtime)).toBe("nodejs24.x");
    expect(deploy).toMatch(/Aurora PostgreSQL Serverless v2/);
    expect(tf.resources.aws_rds_cluster!.main!.serverlessv2_scaling_configuration[0].min_capacity).toBe(0);
    expect(deploy).toContain(`(${tf.variables.db_seconds_until_auto_pause!.default / 60} min)`);
    expect(deploy).toContain("/aws-glue/<name_prefix>/output");
    expect(tf.locals.glue_log_prefix).toBe("/aws-glue/${local.prefix}");
    expect(deploy).not.toMatch(/Python shell|python-jobs|Scheduler/);
  });

  it("the cost table adds up, stays within USD 5 and prices what Terraform creates", () => {
    const rows = tableAfter("## Monthly cost for the reference client");
    const byItem = Object.fromEntries(rows.map(([item, usd]) => [item!.replace(/\*/g, ""), usd!.replace(/\*/g, "")]));
    const num = (s: string) => Number(/([0-9.]+)/.exec(s)![1]);
    const items = rows.filter(([item]) => !item!.includes("total"));
    const sum = items.reduce((a, [, usd]) => a + (usd!.startsWith("<") ? 0 : num(usd!)), 0);
    const total = num(byItem.total!);
    expect(Math.abs(sum - total)).toBeLessThan(0.06);
    expect(total).toBeLessThanOrEqual(5);
    // A line for each billed kind of resource infra/ creates.
    const created: [string, string][] = [
      ["aws_glue_job", "Glue jobs"],
      ["aws_glue_crawler", "Glue crawlers"],
      ["aws_rds_cluster", "Aurora Serverless v2 compute"],
      ["aws_s3_bucket", "S3"],
      ["aws_athena_workgroup", "Athena"],
      ["aws_sfn_state_machine", "Step Functions, Lambda, EventBridge"],
      ["aws_cloudwatch_log_group", "CloudWatch Logs"],
    ];
    for (const [type, item] of created) {
      expect(tf.resources[type], type).toBeDefined();
      expect(byItem[item], item).toBeDefined();
    }
    // The managed master secret is billed; the scheduled RDS instance is gone.
    expect(tf.resources.aws_rds_cluster!.main!.manage_master_user_password).toBe(true);
    expect(byItem["Secrets Manager"]).toBe("0.40");
    expect(tf.resources.aws_db_instance).toBeUndefined();
    expect(deploy).toMatch(/Glue crawlers \| ≈ 0\.29 \| 2 crawls × the 10-minute minimum/);
  });
});
