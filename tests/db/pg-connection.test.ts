// How the portal logs in to PostgreSQL on AWS: the server's certificate verified against the given
// authorities (Amazon's RDS bundle in production), an IAM token per new connection as the password.
// A small server on loopback speaks PostgreSQL's opening (SSLRequest, TLS with a certificate of a test
// CA, startup, cleartext password request) and records what the real pg client sends.
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { caCertificates, pgPoolConfig } from "@/lib/db/pg-connection";
import { createPgPool } from "@/lib/db/sql-pg";

const TLS_DIR = path.resolve(import.meta.dirname, "../fixtures/tls");
const TEST_CA = path.join(TLS_DIR, "ca.pem");
const SSL_REQUEST = 80877103;

interface Login {
  user: string;
  database: string;
  password: string;
}

/** A PostgreSQL server's first steps over TLS: it asks for a cleartext password, records it, refuses. */
function fakePostgres() {
  const logins: Login[] = [];
  const key = readFileSync(path.join(TLS_DIR, "server-key.pem"));
  const cert = readFileSync(path.join(TLS_DIR, "server.pem"));
  const server = net.createServer((sock) => {
    sock.on("error", () => {});
    sock.once("data", (first) => {
      if (first.length < 8 || first.readInt32BE(4) !== SSL_REQUEST) return sock.destroy();
      sock.write("S");
      const s = new tls.TLSSocket(sock, { isServer: true, key, cert });
      s.on("error", () => {});
      let buf = Buffer.alloc(0);
      let login: Partial<Login> | null = null;
      s.on("data", (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (!login) {
          if (buf.length < 4 || buf.length < buf.readInt32BE(0)) return;
          const len = buf.readInt32BE(0);
          const parts = buf.subarray(8, len).toString("utf8").split("\0");
          const params: Record<string, string> = {};
          for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params[parts[i]!] = parts[i + 1]!;
          login = { user: params.user, database: params.database };
          buf = buf.subarray(len);
          // AuthenticationCleartextPassword, as RDS asks of an IAM user.
          s.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        }
        if (buf.length >= 5 && buf[0] === 0x70 && buf.length >= 1 + buf.readInt32BE(1)) {
          login.password = buf.subarray(5, 1 + buf.readInt32BE(1)).toString("utf8").replace(/\0$/, "");
          logins.push(login as Login);
          const fields = Buffer.from("SFATAL\0C28000\0Mlogin recorded by the test server\0\0", "utf8");
          const msg = Buffer.alloc(5);
          msg.write("E", 0);
          msg.writeInt32BE(4 + fields.length, 1);
          s.end(Buffer.concat([msg, fields]));
        }
      });
    });
  });
  return { server, logins };
}

let fake: ReturnType<typeof fakePostgres>;
let port: number;
beforeAll(async () => {
  fake = fakePostgres();
  await new Promise<void>((r) => fake.server.listen(0, "127.0.0.1", r));
  port = (fake.server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => fake.server.close(() => r())));

async function tryQuery(url: string, connection: Parameters<typeof createPgPool>[1]): Promise<string> {
  const pool = createPgPool(url, connection);
  try {
    await pool.query("SELECT 1");
    return "connected";
  } catch (e) {
    return (e as Error).message;
  } finally {
    await pool.end();
  }
}

describe("PostgreSQL TLS and login (DATABASE_CA, DATABASE_AUTH)", () => {
  it("sslmode=require alone verifies against Node's store: a server certificate from another CA is refused", async () => {
    // What the README's old DATABASE_URL did against RDS, whose CAs Node does not know.
    const msg = await tryQuery(`postgresql://app:secret@localhost:${port}/shoplake?sslmode=require`, {});
    expect(msg).toMatch(/certificate/i);
    expect(fake.logins).toHaveLength(0);
  });

  it("with DATABASE_CA the certificate is verified against those authorities, whatever the URL's sslmode says", async () => {
    const msg = await tryQuery(`postgresql://app:secret@localhost:${port}/shoplake?sslmode=require`, { ca: TEST_CA });
    expect(msg).toBe("login recorded by the test server");
    expect(fake.logins.at(-1)).toEqual({ user: "app", database: "shoplake", password: "secret" });
  });

  it("DATABASE_CA=rds trusts Amazon's RDS authorities only", async () => {
    const before = fake.logins.length;
    const msg = await tryQuery(`postgresql://app:secret@localhost:${port}/shoplake`, { ca: "rds" });
    expect(msg).toMatch(/certificate/i);
    expect(fake.logins.length).toBe(before);
    expect(caCertificates("rds").length).toBeGreaterThan(100);
  });

  it("the host name is part of the check", async () => {
    const msg = await tryQuery(`postgresql://app:secret@127.0.0.2:${port}/shoplake`, { ca: TEST_CA }).catch((e: Error) => e.message);
    // 127.0.0.2 is not a name in the server's certificate (or not reachable): either way no login.
    expect(msg).not.toBe("login recorded by the test server");
  });

  it("DATABASE_AUTH=rds-iam sends a fresh token for each new connection, made for this host, port, user and region", async () => {
    const asked: unknown[] = [];
    let n = 0;
    const connection = {
      ca: TEST_CA,
      auth: "rds-iam" as const,
      region: "eu-west-1",
      authToken: async (p: unknown) => {
        asked.push(p);
        return `token-${++n}`;
      },
    };
    for (let i = 0; i < 2; i++) expect(await tryQuery(`postgresql://shoplake_portal@localhost:${port}/shoplake?sslmode=verify-full`, connection)).toBe("login recorded by the test server");
    expect(asked).toEqual([
      { hostname: "localhost", port, username: "shoplake_portal", region: "eu-west-1" },
      { hostname: "localhost", port, username: "shoplake_portal", region: "eu-west-1" },
    ]);
    expect(fake.logins.slice(-2).map((l) => l.password)).toEqual(["token-1", "token-2"]);
  });

  it("the default token is a signed rds-db:connect request for that endpoint (no network needed)", async () => {
    const prev = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "" });
    try {
      const cfg = pgPoolConfig("postgresql://shoplake_portal@db.cluster-x.eu-west-1.rds.amazonaws.com:5432/shoplake", { auth: "rds-iam", region: "eu-west-1", ca: "rds" });
      const token = await (cfg.password as () => Promise<string>)();
      expect(token).toMatch(/^db\.cluster-x\.eu-west-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=shoplake_portal&X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
      expect(token).toMatch(/X-Amz-Credential=AKIDEXAMPLE%2F\d{8}%2Feu-west-1%2Frds-db%2Faws4_request/);
      expect(cfg).toMatchObject({ host: "db.cluster-x.eu-west-1.rds.amazonaws.com", port: 5432, user: "shoplake_portal", database: "shoplake" });
      expect(cfg.connectionString).toBeUndefined();
    } finally {
      process.env = prev;
    }
  });

  it("start-up refuses rds-iam without the CA, the region or the URL, naming each setting", () => {
    expect(() => parseConfig({ DATABASE_AUTH: "rds-iam" })).toThrow(/DATABASE_URL: is required[\s\S]*AWS_REGION: is required[\s\S]*DATABASE_CA: is required/);
    expect(() => parseConfig({ DATABASE_AUTH: "rds-iam", DATABASE_URL: "postgresql://u@h/db", AWS_REGION: "eu-west-1", DATABASE_CA: "rds" })).not.toThrow();
    expect(() => caCertificates("/nonexistent/ca.pem")).toThrow(/DATABASE_CA: cannot read \/nonexistent\/ca\.pem/);
  });
});
