import { readFile } from "node:fs/promises";
import aslValidator from "asl-validator";
import { describe, expect, it } from "vitest";
import { STEP_NAMES } from "@/lib/backend/types";
import { ASL_PATH, fillAsl, LOCAL_ASL_VALUES, stepOfState } from "@/lib/pipeline/orchestrator/asl";

type State = { Type: string; Resource?: string; TimeoutSeconds?: number; Retry?: unknown[]; Catch?: { ErrorEquals: string[]; Next: string }[]; Next?: string; End?: boolean };

describe("the shared state machine definition", () => {
  it("validates with asl-validator once its placeholders are filled (local and AWS-shaped values)", async () => {
    const template = await readFile(ASL_PATH, "utf8");
    const aws = Object.fromEntries(Object.keys(LOCAL_ASL_VALUES).map((k) =>
      [k, k.endsWith("_arn") ? `arn:aws:lambda:eu-west-1:123456789012:function:shoplake-${k}` : `shoplake-${k.replaceAll("_", "-")}`]));
    for (const values of [LOCAL_ASL_VALUES, aws]) {
      const { isValid, errorsText } = aslValidator(fillAsl(template, values) as never);
      expect(isValid, errorsText("\n")).toBe(true);
    }
  });

  it("has every step of DESIGN.md in order, each task with a timeout, retries and a catch to the failure summary", async () => {
    const def = fillAsl(await readFile(ASL_PATH, "utf8"), LOCAL_ASL_VALUES) as { StartAt: string; States: Record<string, State>; TimeoutSeconds: number };
    expect(def.TimeoutSeconds).toBeGreaterThan(0);
    const order: string[] = [];
    let name: string | undefined = def.StartAt;
    while (name) {
      const s: State = def.States[name]!;
      if (s.Type === "Task") {
        expect(s.TimeoutSeconds, name).toBeGreaterThan(0);
        expect(s.Retry?.length, name).toBeGreaterThan(0);
        if (name !== "PublishFailureSummary") expect(s.Catch?.[0]).toMatchObject({ ErrorEquals: ["States.ALL"], Next: "PublishFailureSummary" });
      }
      const step = stepOfState(name);
      if (order.at(-1) !== step) order.push(step);
      name = s.Type === "Choice" ? (s as unknown as { Choices: { Next: string }[] }).Choices[0]!.Next : s.Next;
    }
    expect(order).toEqual([...STEP_NAMES]);
    expect(def.States.PublishFailureSummary?.Next).toBe("RunFailed");
    expect(def.States.RunFailed?.Type).toBe("Fail");
  });

  it("uses the Glue, crawler and Lambda integrations Terraform will wire", async () => {
    const def = JSON.parse(await readFile(ASL_PATH, "utf8")) as { States: Record<string, State> };
    expect(def.States.Job1RawToProcessed?.Resource).toBe("arn:aws:states:::glue:startJobRun.sync");
    expect(def.States.CrawlProcessed?.Resource).toBe("arn:aws:states:::aws-sdk:glue:startCrawler");
    expect(def.States.ValidateBatch?.Resource).toBe("arn:aws:states:::lambda:invoke");
  });
});
