import { execFileSync } from "node:child_process";

/** A TCP port nobody listens on right now (synchronous, so playwright.config.ts can use it). */
export function freePortSync(): number {
  const out = execFileSync(
    process.execPath,
    ["-e", "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"],
    { encoding: "utf8" },
  );
  const port = Number(out.trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`could not find a free port (got ${out})`);
  return port;
}
