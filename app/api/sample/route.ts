import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { monthParam } from "@/lib/http/input";
import { defaultSampleMonth, SAMPLE_MONTHS, sampleMonths, sampleZip } from "@/lib/portal/sample-zip";

const query = z.object({
  month: monthParam.refine((m) => sampleMonths().includes(m), `a sample exists for the last ${SAMPLE_MONTHS} months only`).optional(),
});

/** GET ?month=YYYY-MM: a zip of generated CSVs (the seven tables of one month), default last month. */
export const GET = handler({ roles: AREA_ROLES.upload, query }, async ({ query }) => {
  const month = query.month ?? defaultSampleMonth();
  const zip = await sampleZip(month);
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="shoplake-sample-${month}.zip"`,
      "content-length": String(zip.length),
      "cache-control": "private, max-age=3600",
    },
  });
});
