import type { SourceProfile } from "@/lib/contracts";
import { DELIMITER_NAMES, ENCODING_NAMES } from "@/lib/upload-check";

/** One line on how a profile reads files: "semicolon · Windows-1252 · 1.234,56 · day first · America/Sao_Paulo". */
export function formatSummary(p: SourceProfile): string {
  const parts: string[] = [];
  const d = p.delimiter ?? ",";
  parts.push(d === "auto" ? "any delimiter" : DELIMITER_NAMES[d]);
  parts.push(ENCODING_NAMES[p.encoding ?? "utf-8"]);
  const dec = p.decimal ?? ".";
  const th = p.thousands ?? "";
  parts.push(`1${th === "" ? "" : th === " " ? "\u202f" : th}234${dec}56`);
  parts.push(p.dateOrder === "DMY" ? "day first" : p.dateOrder === "MDY" ? "month first" : "ISO dates");
  if (p.timezone) parts.push(p.timezone);
  return parts.join(" · ");
}
