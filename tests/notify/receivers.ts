import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface HttpReceiver {
  url: string;
  bodies: Record<string, unknown>[];
  /** The status the next requests get. */
  status: number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => resolve(text));
  });

/** A real HTTP server on loopback that records every POSTed JSON body. */
export async function startHttpReceiver(status = 200): Promise<HttpReceiver> {
  const r = { bodies: [] as Record<string, unknown>[], status } as HttpReceiver;
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    r.bodies.push(JSON.parse(text || "{}") as Record<string, unknown>);
    res.writeHead(r.status, { "content-type": "text/plain" }).end(r.status === 200 ? "ok" : "receiver down");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return r;
}

export interface SmtpReceiver {
  port: number;
  mails: { from: string; to: string[]; user: string | undefined; data: string }[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no TLS) that accepts user "notify"/"s3cret" and keeps each message. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: SmtpReceiver["mails"] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "notify" && auth.password === "s3cret") cb(null, { user: auth.username });
      else cb(new Error("bad credentials"));
    },
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c: Buffer) => (data += c.toString("utf8")));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((t) => t.address),
          user: typeof session.user === "string" ? session.user : undefined,
          data,
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
