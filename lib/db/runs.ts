import "server-only";
import { getDb } from "./client";
import type { RunStatus as DbRunStatus, StepStatus as DbStepStatus } from "./generated/enums";
import type { Run, RunStep } from "./generated/client";
import { isUniqueViolation } from "./prisma-errors";
import { Prisma } from "./generated/client";
import type { GateDecision } from "../contracts/gate";
import { FINISHED_RUN_STATUSES, type RunStatus as ContractRunStatus, type StepStatus as ContractStepStatus } from "../contracts/status";

/** The database's enums spell the contract's statuses (prisma/schema.prisma); should they drift, these are `never` and the type check fails. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? A : never) : never;
export type RunStatus = Same<DbRunStatus, ContractRunStatus>;
export type StepStatus = Same<DbStepStatus, ContractStepStatus>;

export interface RunView {
  id: string;
  batchId: string;
  month: string;
  executionName: string;
  executionId: string | null;
  status: RunStatus;
  trigger: string;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  retryOfId: string | null;
  /** The quality gate's decision (null until the gate ran). */
  gate: GateDecision | null;
  ownerId: string | null;
  heartbeatAt: Date | null;
}

export interface StepView {
  id: string;
  name: string;
  position: number;
  status: StepStatus;
  attempt: number;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  externalId: string | null;
}

export interface RunWithSteps extends RunView {
  /** Ordered by position. */
  steps: StepView[];
}

export interface NewRun {
  batchId: string;
  month: string;
  executionName: string;
  trigger?: string;
  executionId?: string | null;
  retryOfId?: string | null;
}

export type RunPatch = Partial<Pick<RunView, "status" | "startedAt" | "endedAt" | "durationMs" | "error" | "executionId" | "ownerId" | "heartbeatAt">> & {
  gate?: GateDecision | null;
};
export type StepPatch = Partial<
  Pick<StepView, "status" | "attempt" | "startedAt" | "endedAt" | "durationMs" | "error" | "externalId">
>;

export interface RunFilters {
  status?: RunStatus | RunStatus[];
  month?: string;
  batchId?: string;
  /** Newest first; default 50, at most 500. */
  limit?: number;
  /** Runs started before this one (paging). */
  beforeId?: string;
}

const toRun = (r: Run): RunView => ({
  id: r.id,
  batchId: r.batchId,
  month: r.month,
  executionName: r.executionName,
  executionId: r.executionId,
  status: r.status,
  trigger: r.trigger,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  durationMs: r.durationMs,
  error: r.error,
  retryOfId: r.retryOfId,
  gate: (r.gate as GateDecision | null) ?? null,
  ownerId: r.ownerId,
  heartbeatAt: r.heartbeatAt,
});

const toStep = (s: RunStep): StepView => ({
  id: s.id,
  name: s.name,
  position: s.position,
  status: s.status,
  attempt: s.attempt,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  durationMs: s.durationMs,
  error: s.error,
  externalId: s.externalId,
});

export async function createRun(input: NewRun): Promise<RunView> {
  const db = await getDb();
  return toRun(
    await db.run.create({
      data: {
        batchId: input.batchId,
        month: input.month,
        executionName: input.executionName,
        trigger: input.trigger ?? "manifest",
        executionId: input.executionId ?? null,
        retryOfId: input.retryOfId ?? null,
      },
    }),
  );
}

/** The run of this execution name, created if missing (a repeated trigger finds the same run). */
export async function ensureRun(input: NewRun): Promise<RunView> {
  const existing = await getRunByExecutionName(input.executionName);
  if (existing) return existing;
  try {
    return await createRun(input);
  } catch (e) {
    // Two triggers raced: the other one created it.
    if (!isUniqueViolation(e)) throw e;
    const run = await getRunByExecutionName(input.executionName);
    if (!run) throw e;
    return run;
  }
}

export async function getRunByExecutionName(executionName: string): Promise<RunView | null> {
  const db = await getDb();
  const r = await db.run.findUnique({ where: { executionName } });
  return r ? toRun(r) : null;
}

/** The run an execution carries (a retry's execution is not the one the run is named after). */
export async function getRunByExecutionId(executionId: string): Promise<RunView | null> {
  const db = await getDb();
  const r = await db.run.findFirst({ where: { executionId } });
  return r ? toRun(r) : null;
}

export async function getRun(id: string): Promise<RunWithSteps | null> {
  const db = await getDb();
  const r = await db.run.findUnique({ where: { id }, include: { steps: { orderBy: { position: "asc" } } } });
  return r ? { ...toRun(r), steps: r.steps.map(toStep) } : null;
}

export async function updateRun(id: string, patch: RunPatch): Promise<RunView> {
  const db = await getDb();
  const { gate, ...rest } = patch;
  const data = { ...definedOnly(rest), ...(gate === undefined ? {} : { gate: gate === null ? Prisma.DbNull : (gate as object) }) };
  return toRun(await db.run.update({ where: { id }, data }));
}

/** Runs the local backend is executing (or was, when its process died): those with an owner. */
export async function listOwnedUnfinishedRuns(): Promise<RunView[]> {
  const db = await getDb();
  return (await db.run.findMany({ where: { status: { in: ["pending", "running"] }, ownerId: { not: null } } })).map(toRun);
}

/**
 * Ends an interrupted run if it is still as the caller saw it (same owner, unfinished): of two
 * processes recovering at once, one wins. Returns whether this call ended it.
 */
export async function claimInterruptedRun(id: string, ownerId: string | null, patch: RunPatch): Promise<boolean> {
  const db = await getDb();
  const r = await db.run.updateMany({ where: { id, ownerId, status: { in: ["pending", "running"] } }, data: definedOnly({ ...patch, gate: undefined }) });
  return r.count === 1;
}

/** Runs registered but never started (no owner): their process died between the manifest and the start. */
export async function listUnstartedRuns(olderThan: Date): Promise<RunView[]> {
  const db = await getDb();
  return (await db.run.findMany({ where: { status: "pending", ownerId: null, startedAt: { lt: olderThan } } })).map(toRun);
}

/** Creates the step on first report, then updates it; `position` orders the steps of a run. */
export async function upsertStep(runId: string, name: string, position: number, patch: StepPatch): Promise<StepView> {
  const db = await getDb();
  const data = definedOnly(patch);
  return toStep(
    await db.runStep.upsert({
      where: { runId_name: { runId, name } },
      create: { runId, name, position, ...data },
      update: { position, ...data },
    }),
  );
}

/** The run's steps as pending, in order; steps it already has are left as they are. */
export async function declareSteps(runId: string, names: readonly string[]): Promise<void> {
  const db = await getDb();
  await db.runStep.createMany({ data: names.map((name, position) => ({ runId, name, position, status: "pending" as const })), skipDuplicates: true });
}

/**
 * Before a redrive: the steps from `position` on go back to pending, and those that had started
 * count one more attempt. Returns how many steps were reset.
 */
export async function resetStepsFrom(runId: string, position: number): Promise<number> {
  const db = await getDb();
  const cleared = { status: "pending" as const, startedAt: null, endedAt: null, durationMs: null, error: null, externalId: null };
  // Not-started steps first: the second update clears startedAt, which the first one selects on.
  const [notStarted, started] = await db.$transaction([
    db.runStep.updateMany({ where: { runId, position: { gte: position }, startedAt: null }, data: cleared }),
    db.runStep.updateMany({
      where: { runId, position: { gte: position }, startedAt: { not: null } },
      data: { ...cleared, attempt: { increment: 1 } },
    }),
  ]);
  return started.count + notStarted.count;
}

export async function listRuns(filters: RunFilters = {}): Promise<RunView[]> {
  const db = await getDb();
  const take = Math.min(Math.max(filters.limit ?? 50, 1), 500);
  const status = Array.isArray(filters.status) ? { in: filters.status } : filters.status;
  const rows = await db.run.findMany({
    where: { status, month: filters.month, batchId: filters.batchId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take,
    ...(filters.beforeId ? { cursor: { id: filters.beforeId }, skip: 1 } : {}),
  });
  return rows.map(toRun);
}

/** Months that have runs, newest first. */
export async function listRunMonths(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.run.findMany({ distinct: ["month"], select: { month: true }, orderBy: { month: "desc" } });
  return rows.map((r) => r.month);
}

/** The durations of the last `take` finished runs started before `before` (not `excludeId`), each with its succeeded steps'. */
export async function finishedRunDurationsBefore(
  before: Date,
  excludeId: string,
  take: number,
): Promise<{ durationMs: number | null; steps: { name: string; durationMs: number | null }[] }[]> {
  const db = await getDb();
  return db.run.findMany({
    where: { startedAt: { lt: before }, id: { not: excludeId }, status: { in: [...FINISHED_RUN_STATUSES] } },
    orderBy: { startedAt: "desc" },
    take,
    select: { durationMs: true, steps: { where: { status: "succeeded" }, select: { name: true, durationMs: true } } },
  });
}

/** Drops undefined keys so a patch only touches what it names (null still clears a column). */
function definedOnly<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as T;
}
