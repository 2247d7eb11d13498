// npm start (production build) / npm run dev: the portal's HTTP server.
// `node --import tsx scripts/serve.ts [--dev] [-p PORT] [-H HOST]`
//
// Next's own `next start` keeps a client's X-Forwarded-For/-Host/-Proto as sent, so the caller's real
// address is lost. This server is Next's request handler behind one step that makes them trustworthy
// (lib/http/forwarded.ts, TRUST_PROXY), and methods Next cannot take are refused before it sees them
// (lib/http/unsupported-methods.ts); everything else is Next's.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import nextModule from "next";
import { config } from "../lib/config";
import { sanitizeForwarded } from "../lib/http/forwarded";
import { refuseUnsupportedMethod, refuseUnsupportedMethodsOn } from "../lib/http/unsupported-methods";

type CreateNext = typeof import("next").default;
// next is CommonJS: under ESM its default export may arrive wrapped once more.
const createNext = ((nextModule as unknown as { default?: CreateNext }).default ?? nextModule) as CreateNext;

const { values } = parseArgs({
  options: { dev: { type: "boolean" }, port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: false,
});

const c = config();
const dev = values.dev ?? false;
const port = values.port ? Number(values.port) : c.PORT;
const hostname = values.hostname ?? "0.0.0.0";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`bad port: ${values.port}`);
  process.exit(2);
}

// Stopping the dev server writes Turbopack's file-system cache (Next's dev CLI does it only with this
// flag set; without it every restart compiled the first page from scratch: 6.6 s → 3.1 s here).
if (dev) process.env.__NEXT_DEV_WAIT_FOR_TURBOPACK_SHUTDOWN ??= "1";
const app = createNext({ dev, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();
const preparing = app.prepare();
// The database opens while Next prepares and compiles: the first page finds it open (the app's modules
// share it through globalThis, lib/db/client.ts). Imported here, not above, so that loading Prisma and
// PGlite runs beside Next's start. A failure is the first request's to report again.
const db = import("../lib/db/client");
db.then(({ openDb }) => openDb()).catch((e: unknown) => console.error(`[db] not open yet: ${(e as Error).message}`));
await preparing;

const server = createServer((req, res) => {
  if (refuseUnsupportedMethod(req, res)) return;
  sanitizeForwarded(req.headers, req.socket.remoteAddress, c.TRUST_PROXY);
  void handle(req, res);
});
refuseUnsupportedMethodsOn(server);
if (dev) server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));

server.listen(port, hostname, () => {
  const shown = hostname === "0.0.0.0" ? "localhost" : hostname;
  console.log(`> Ready on http://${shown}:${port} (${dev ? "development" : "production"}, TRUST_PROXY=${c.TRUST_PROXY ? "on" : "off"})`);
});

let stopping = false;
const stop = () => {
  if (stopping) process.exit(130); // asked twice: at once (the next start recovers the database)
  stopping = true;
  if (dev) console.log("> Stopping: saving Turbopack's cache and closing the database (press Ctrl-C again to quit at once)");
  server.close();
  server.closeAllConnections();
  void app
    .close()
    // Closed, PGlite is marked shut down: its next start skips crash recovery (measured 0.1–0.25 s on a small database).
    .then(() => db.then(({ closeDb }) => closeDb()))
    .catch((e: unknown) => console.error(`[stop] ${(e as Error).message}`))
    .finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
