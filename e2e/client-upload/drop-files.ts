import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

export interface DropFile {
  name: string;
  /** File contents (text as UTF-8, or raw bytes); or `path` to read them from disk. */
  text?: string;
  bytes?: Buffer;
  path?: string;
}

/**
 * Drops files on the upload page's drop zone the way a browser does: dragenter, dragover, drop with a
 * DataTransfer holding real File objects (not setInputFiles, which would bypass the drop handling).
 */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    b64: (f.bytes ?? (f.path ? readFileSync(f.path) : Buffer.from(f.text ?? "", "utf8"))).toString("base64"),
  }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const f of items) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: "text/csv" }));
    }
    return dt;
  }, payload);
  const zone = page.getByTestId("drop-zone");
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
  await dataTransfer.dispose();
}

export const filesIn = (dir: string, names: readonly string[]): DropFile[] => names.map((n) => ({ name: n, path: path.join(dir, n) }));
