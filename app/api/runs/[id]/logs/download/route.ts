import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getBackend } from "@/lib/wiring";
import { handler } from "@/lib/http/handler";
import { stepParam, uuidParam } from "@/lib/http/input";
import { loadVisibleRun } from "@/lib/portal/run-detail";
import { STEP_NAMES } from "@/lib/backend/types";

const query = z.object({ step: stepParam.optional() });

/**
 * The whole log of one step (or of every step) as a text file, one line per entry: line breaks and
 * other control characters inside a message are written as escapes, so no line starts with text from
 * an upload (a file name, a value) that a spreadsheet would read as a formula.
 */
export const GET = handler({ roles: AREA_ROLES.runDetail, params: z.object({ id: uuidParam }), query }, async ({ params, user, query: q }) => {
  const { run } = await loadVisibleRun(params.id, user);
  const { logs } = await getBackend();
  const steps = q.step ? [q.step] : [...STEP_NAMES];
  const out: string[] = [];
  for (const step of steps) {
    let after: string | undefined;
    // Page through to the end; a page that adds nothing means we are done.
    for (let guard = 0; guard < 10_000; guard++) {
      const page = await logs.read(run.id, step, { after, limit: 5000 });
      for (const l of page.lines) out.push(`${l.ts.toISOString()} ${l.level.toUpperCase().padEnd(5)} [${l.step}] ${oneLine(l.message)}`);
      if (page.lines.length === 0 || !page.next || page.next === after) break;
      after = page.next;
    }
  }
  const name = `run-${run.month}-${run.id.slice(0, 8)}${q.step ? `-${q.step}` : ""}.log`;
  return new Response(out.join("\n") + (out.length ? "\n" : ""), {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
});

 
const CONTROL = /[\u0000-\u001f\u007f]/g;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const oneLine = (s: string) => s.replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
