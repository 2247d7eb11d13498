"use client";

import { SelectField, TextField } from "@/components/ui/field";
import { DELIMITER_NAMES, ENCODING_NAMES } from "@/lib/upload-check";
import type { FormatDraft } from "@/lib/profiles/draft";
import type { Mapping } from "./use-mapping";

const DELIMS = [",", ";", "\t", "|"] as const;
const ENCODINGS = ["utf-8", "windows-1252", "latin1", "utf-16"] as const;
const THOUSANDS: { value: FormatDraft["thousands"]; label: string }[] = [
  { value: "", label: "None (1234,56)" },
  { value: ".", label: "Dot (1.234,56)" },
  { value: ",", label: "Comma (1,234.56)" },
  { value: " ", label: "Space (1 234,56)" },
  { value: "'", label: "Apostrophe (1'234.56)" },
];

/** How the export is written: delimiter, encoding, numbers, dates; each starts at what the sample shows. */
export function FormatFields({ m, timeZone }: { m: Mapping; timeZone: string }) {
  const f = m.format!;
  const ev = m.evidence;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      <SelectField label="Delimiter" value={f.delimiter} hint="Detected from the header row." onChange={(e) => m.setFormat({ delimiter: e.target.value as FormatDraft["delimiter"] })}>
        {DELIMS.map((d) => (
          <option key={d} value={d}>
            {DELIMITER_NAMES[d]} ({d === "\t" ? "tab" : d})
          </option>
        ))}
      </SelectField>
      <SelectField label="Encoding" value={f.encoding} hint="Detected from the bytes of the file." onChange={(e) => m.setFormat({ encoding: e.target.value as FormatDraft["encoding"] })}>
        {ENCODINGS.map((x) => (
          <option key={x} value={x}>
            {ENCODING_NAMES[x]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Decimal mark"
        value={f.decimal}
        hint={ev && ev.decimalValues > 0 ? `Seen in ${ev.decimalValues} sample values.` : "No sample value decides it; check a price column below."}
        onChange={(e) => m.setFormat({ decimal: e.target.value as FormatDraft["decimal"], ...(e.target.value === f.thousands ? { thousands: "" } : {}) })}
      >
        <option value=".">Dot (12.50)</option>
        <option value=",">Comma (12,50)</option>
      </SelectField>
      <SelectField label="Thousands separator" value={f.thousands} onChange={(e) => m.setFormat({ thousands: e.target.value as FormatDraft["thousands"] })}>
        {THOUSANDS.filter((t) => t.value !== f.decimal).map((t) => (
          <option key={t.label} value={t.value}>
            {t.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Date order"
        value={f.dateOrder}
        hint={ev?.dateOrder === "ambiguous" ? "No day above 12 in the sample: confirm the order." : ev?.dateOrder === "decided" ? "Detected from the sample’s dates." : "ISO dates (2025-11-03) read either way."}
        onChange={(e) => m.setFormat({ dateOrder: e.target.value as FormatDraft["dateOrder"] })}
      >
        <option value="YMD">Year first (2025-11-25)</option>
        <option value="DMY">Day first (25/11/2025)</option>
        <option value="MDY">Month first (11/25/2025)</option>
      </SelectField>
      <TextField
        label="Time zone of the times"
        value={f.timezone}
        placeholder={timeZone}
        hint={`For times without an offset; empty: ${timeZone}.`}
        onChange={(e) => m.setFormat({ timezone: e.target.value })}
      />
    </div>
  );
}
