// TRACE, TRACK and CONNECT (methods the fetch standard forbids, so Next cannot take them) are answered
// 405 with Allow before Next sees them: real HTTP requests against a server wired as scripts/serve.ts.
import { createServer, type Server } from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_METHODS, refuseUnsupportedMethod, refuseUnsupportedMethodsOn } from "@/lib/http/unsupported-methods";

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (refuseUnsupportedMethod(req, res)) return;
    // Next's stand-in: it builds a fetch Request, which throws for the forbidden methods (its 500).
    try {
      new Request(`http://127.0.0.1${req.url}`, { method: req.method });
      res.writeHead(200, { "content-type": "text/plain" }).end(`next saw ${req.method}`);
    } catch (e) {
      res.writeHead(500, { "content-type": "text/html" }).end(`<pre>${(e as Error).stack}</pre>`);
    }
  });
  refuseUnsupportedMethodsOn(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => new Promise<void>((r) => server.close(() => r())));

/** One raw request; the whole answer as the socket received it. */
const raw = (text: string) =>
  new Promise<string>((resolve, reject) => {
    const c = net.connect(port, "127.0.0.1", () => c.write(text));
    let out = "";
    c.on("data", (d: Buffer) => (out += d.toString("latin1")));
    c.on("error", reject);
    c.on("close", () => resolve(out));
  });
const request = (method: string, target = "/api/runs") => raw(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

function parse(answer: string) {
  const [head = "", body = ""] = answer.split("\r\n\r\n");
  const [status, ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  return { status: Number(status?.split(" ")[1]), headers, body };
}

describe("methods Next cannot take", () => {
  it.each([
    ["TRACE", "/api/runs"],
    ["TRACE", "/login"],
    ["TRACK", "/api/runs"],
    ["CONNECT", "127.0.0.1:443"],
  ])("%s %s is a 405 with Allow and the security headers, no stack trace", async (method, target) => {
    const { status, headers, body } = parse(await request(method, target));
    expect(status).toBe(405);
    expect(headers.allow).toBe(ALLOWED_METHODS);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    // Every header next.config.js sets on Next's answers, from the one file both read.
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["content-security-policy"]).toContain("default-src 'none'");
    expect(JSON.parse(body)).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("other methods still reach Next, and Node's other refusals keep their statuses", async () => {
    expect(parse(await request("GET")).status).toBe(200);
    expect(parse(await request("OPTIONS")).body).toContain("next saw OPTIONS");
    expect(parse(await raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")).status).toBe(431);
    expect(parse(await raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")).status).toBe(400);
  });
});
