import { unzipSync } from "fflate";

/** A dropped .zip (like the sample month) becomes its CSV files, so it can be dropped as it is. */
export async function expandZips(files: File[]): Promise<{ files: File[]; errors: string[] }> {
  const out: File[] = [];
  const errors: string[] = [];
  for (const f of files) {
    if (!/\.zip$/i.test(f.name)) {
      out.push(f);
      continue;
    }
    try {
      const entries = unzipSync(new Uint8Array(await f.arrayBuffer()), {
        filter: (e) => /\.csv$/i.test(e.name) && !e.name.split("/").some((p) => p.startsWith(".") || p === "__MACOSX"),
      });
      const csvs = Object.entries(entries).map(
        ([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name.split("/").pop() ?? name, { type: "text/csv" }),
      );
      if (csvs.length === 0) errors.push(`${f.name} holds no CSV files.`);
      out.push(...csvs);
    } catch {
      errors.push(`${f.name} could not be opened as a zip file.`);
    }
  }
  return { files: out, errors };
}
