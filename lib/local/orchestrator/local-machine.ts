import "./polyfill";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import { config } from "../../config";
import { fillAsl, LOCAL_ASL_VALUES, loadAslTemplate } from "./asl";

let machine: Promise<StateMachine> | null = null;

/**
 * The ASL file as a local state machine. Validation compiles the ASL JSON schema (0.2–0.3 s of a
 * command's start), so a definition is validated once: a marker named after its hash in CACHE_DIR says
 * it passed, and an edited file is validated again. One machine runs any number of executions; the
 * file is read once, so an edited ASL takes effect on the next start of the process.
 */
export function localStateMachine(): Promise<StateMachine> {
  if (!machine) {
    machine = loadAslTemplate().then(async (t) => {
      const definition = fillAsl(t, LOCAL_ASL_VALUES);
      const marker = validatedMarker(definition);
      const known = marker !== null && existsSync(marker);
      const m = new StateMachine(definition as never, { validationOptions: known ? { noValidate: true } : { checkArn: false } });
      if (marker && !known) await mkdir(path.dirname(marker), { recursive: true }).then(() => writeFile(marker, "")).catch(() => undefined);
      return m;
    });
    machine.catch(() => (machine = null)); // a broken file is reported again by the next run
  }
  return machine;
}

function validatedMarker(definition: unknown): string | null {
  const dir = config().CACHE_DIR;
  if (dir === "off") return null;
  const hash = createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 24);
  return path.resolve(dir, `asl-valid-${hash}`);
}
