import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { JobLogs, LogLineView, Orchestrator } from "../backend/types";
import { errorName, withRetry, type RetryOptions } from "./retry";

/**
 * Job logs of a run from CloudWatch Logs. A Glue 5 job run writes the runner's stdout and stderr to
 * `<prefix>/output` and Glue's own system logs (module installs, start-up) to `<prefix>/error`, the
 * driver's in the stream `<JobRunId>-driver` of each. Both streams are merged by time.
 *
 * The cursor (`next`) is opaque: per group the forward token of the page last read and how many of that
 * page's events were already returned, so a `limit` smaller than a page loses nothing. While the step
 * runs, `next` stays non-null even when nothing new arrived, which is what lets the portal follow a run.
 */
export interface CloudWatchJobLogsOptions {
  outputGroup: string;
  errorGroup: string;
  /** Maps the app's run id to the Step Functions execution ARN (the run table stores it). */
  resolveExecution: (runId: string) => Promise<string | null>;
  orchestrator: Pick<Orchestrator, "describe">;
  /**
   * The Glue job run id the run's row recorded for a step: a retry execution skipped the steps an
   * earlier execution of the run completed, so only that row still knows their job runs.
   */
  recordedJobRun?: (runId: string, step: string) => Promise<string | null>;
  region?: string;
  client?: CloudWatchLogsClient;
  retry?: RetryOptions;
}

interface GroupCursor {
  token: string | null;
  skip: number;
}
interface Cursor {
  jr: string;
  o: GroupCursor;
  e: GroupCursor;
}

interface Fetched {
  group: "o" | "e";
  events: { ts: number; message: string }[];
  /** Token to read the page after `events`. */
  forward: string | null;
}

const MAX_PAGE = 10_000;

export class CloudWatchJobLogs implements JobLogs {
  private readonly client: CloudWatchLogsClient;

  constructor(private readonly opts: CloudWatchJobLogsOptions) {
    this.client = opts.client ?? new CloudWatchLogsClient({ region: opts.region });
  }

  async read(runId: string, step: string, opts: { after?: string; limit?: number } = {}): Promise<{ lines: LogLineView[]; next: string | null }> {
    const limit = Math.min(Math.max(1, opts.limit ?? 500), MAX_PAGE);
    const executionArn = await this.opts.resolveExecution(runId);
    if (!executionArn) return { lines: [], next: null };
    const info = await this.opts.orchestrator.describe(executionArn);
    const st = info.steps.find((s) => s.name === step);
    const skippedByRetry = st !== undefined && info.resumedFrom !== null && st.startedAt === null && st.status === "succeeded";
    const jobRun = st?.externalId ?? (skippedByRetry ? ((await this.opts.recordedJobRun?.(runId, step)) ?? null) : null);
    // Lambda and crawler steps have no job run (their outcome is the step's error); a Glue step that has
    // not submitted its run yet gets a cursor that starts from the top once it has.
    if (!st || !jobRun) return { lines: [], next: st && (st.status === "running" || st.status === "pending") && st.name.startsWith("Job") ? "pending" : null };
    const finished = st.status !== "running" && st.status !== "pending";

    let cur = decodeCursor(opts.after);
    // A retried step has a new job run: start that run's streams from the top.
    if (!cur || cur.jr !== jobRun) cur = { jr: jobRun, o: { token: null, skip: 0 }, e: { token: null, skip: 0 } };

    const [out, err] = await Promise.all([
      this.fetch(this.opts.outputGroup, driverStream(cur.jr), cur.o, limit, "o"),
      this.fetch(this.opts.errorGroup, driverStream(cur.jr), cur.e, limit, "e"),
    ]);
    const merged = [
      ...out.events.map((ev, i) => ({ ...ev, group: "o" as const, i })),
      ...err.events.map((ev, i) => ({ ...ev, group: "e" as const, i })),
    ]
      .sort((a, b) => a.ts - b.ts || (a.group === b.group ? a.i - b.i : a.group === "o" ? -1 : 1))
      .slice(0, limit);

    const takenO = merged.filter((m) => m.group === "o").length;
    const takenE = merged.filter((m) => m.group === "e").length;
    const next: Cursor = {
      jr: cur.jr,
      o: advance(cur.o, out, takenO),
      e: advance(cur.e, err, takenE),
    };
    const lines = merged.map((m) => toLine(m.ts, m.message, m.group, step));
    const drained = takenO === out.events.length && takenE === err.events.length;
    // Done: the job run has ended and this read reached the end of both streams.
    if (finished && drained && lines.length < limit) return { lines, next: null };
    return { lines, next: encodeCursor(next) };
  }

  /** Reads from the cursor's token until it has `skip + limit` events or the stream's current end. */
  private async fetch(group: string, stream: string, at: GroupCursor, limit: number, tag: "o" | "e"): Promise<Fetched> {
    const want = at.skip + limit;
    const events: { ts: number; message: string }[] = [];
    let token = at.token;
    let forward: string | null = at.token;
    // The first page from `at.token` is re-read to skip the events already returned.
    for (let pages = 0; pages < 20 && events.length < want; pages++) {
      let res;
      try {
        res = await withRetry(
          () =>
            this.client.send(
              new GetLogEventsCommand({
                logGroupName: group,
                logStreamName: stream,
                startFromHead: true,
                nextToken: token ?? undefined,
                limit: Math.min(MAX_PAGE, want - events.length),
              }),
            ),
          this.opts.retry,
        );
      } catch (e) {
        // The stream appears with the job's first line; before that there is simply nothing yet.
        if (errorName(e) === "ResourceNotFoundException") return { group: tag, events: [], forward: at.token };
        throw e;
      }
      for (const ev of res.events ?? []) events.push({ ts: ev.timestamp ?? 0, message: ev.message ?? "" });
      const nextToken = res.nextForwardToken ?? null;
      // CloudWatch returns the same token when there is nothing more for now.
      const atEnd = nextToken === null || nextToken === token;
      forward = nextToken ?? forward;
      if (atEnd) break;
      token = nextToken;
      if (events.length >= want) break;
    }
    // Reading from the same token is deterministic, so `skip` counts across every page read from it.
    return { group: tag, events: events.slice(at.skip), forward };
  }
}

/** After returning `taken` of the fetched events: move to the forward token only if all were taken. */
function advance(at: GroupCursor, f: Fetched, taken: number): GroupCursor {
  if (taken === f.events.length) return { token: f.forward, skip: 0 };
  return { token: at.token, skip: at.skip + taken };
}

/** The stream of a Glue 5 job run's driver (executors write <JobRunId>-executor<n>; DuckDB runs on the driver). */
export const driverStream = (jobRunId: string) => `${jobRunId}-driver`;

const LEVEL = /\b(DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL)\b/;

function toLine(ts: number, message: string, group: "o" | "e", step: string): LogLineView {
  const text = message.replace(/\r?\n$/, "");
  const m = LEVEL.exec(text.slice(0, 60));
  let level: LogLineView["level"] = group === "e" ? "error" : "info";
  if (m) {
    const word = m[1]!;
    level = word === "DEBUG" ? "debug" : word === "INFO" ? "info" : word.startsWith("WARN") ? "warn" : "error";
  }
  return { ts: new Date(ts), level, step, message: text };
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
    return typeof c.jr === "string" && c.o && c.e ? c : null;
  } catch {
    return null;
  }
}
