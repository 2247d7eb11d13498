/**
 * CloudWatch Logs' GetLogEvents behind aws-sdk-client-mock: streams per group, forward tokens that
 * come back unchanged at the end of a stream, empty pages before a stream exists
 * (ResourceNotFoundException), a page limit and throttling.
 */
import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { throttling } from "./aws-error";

export class FakeLogs {
  readonly client = new CloudWatchLogsClient({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  readonly mock = mockClient(this.client);
  readonly streams = new Map<string, { timestamp: number; message: string; ingestionTime: number }[]>();
  /** Server-side cap per call (the real one is 10 000 events / 1 MB). */
  maxPage = 4;
  /** Every n-th call answers an empty page with a new token (documented: "can return empty results"). */
  emptyEvery = 0;
  calls = 0;
  private throttles = 0;

  constructor() {
    this.mock.on(GetLogEventsCommand).callsFake(async (input) => {
      this.calls += 1;
      if (this.throttles > 0) {
        this.throttles -= 1;
        throw throttling();
      }
      const events = this.streams.get(`${input.logGroupName}|${input.logStreamName}`);
      if (!events) throw new ResourceNotFoundException({ message: "The specified log stream does not exist.", $metadata: { httpStatusCode: 400 } });
      const from = input.nextToken ? Number(/^f\/(\d+)(?:\/e\d+)?$/.exec(input.nextToken)![1]) : 0;
      if (this.emptyEvery && this.calls % this.emptyEvery === 0 && from < events.length && !input.nextToken?.includes("/e")) {
        return { events: [], nextForwardToken: `f/${from}/e${this.calls}`, nextBackwardToken: `b/${from}` };
      }
      const n = Math.min(input.limit ?? 10_000, this.maxPage);
      const page = events.slice(from, from + n);
      const to = from + page.length;
      return { events: page, nextForwardToken: to === from && input.nextToken ? input.nextToken : `f/${to}`, nextBackwardToken: `b/${from}` };
    });
  }

  put(group: string, stream: string, lines: { ts: number; message: string }[]): void {
    const key = `${group}|${stream}`;
    const list = this.streams.get(key) ?? [];
    for (const l of lines) list.push({ timestamp: l.ts, message: l.message, ingestionTime: l.ts + 500 });
    this.streams.set(key, list);
  }

  throttle(n: number): void {
    this.throttles = n;
  }
}
