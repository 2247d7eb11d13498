"use client";

import { useEffect, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import type { ProfileView } from "@/lib/profiles/records";
import { ColumnMap } from "./column-map";
import { FormatFields } from "./format-fields";
import { MappedPreview } from "./mapped-preview";
import { TableFields } from "./table-fields";
import { useLeaveWarning } from "@/components/upload/use-leave-warning";
import { useMapping, type MappingInput } from "./use-mapping";
import { ValueWords } from "./value-words";

/**
 * Instead of a dead end: how this export is written and how its columns and words read as the
 * contract, saved as the shop's profile (and picked by itself next month).
 */
export function MappingStep({ input, onSaved, onCancel }: { input: MappingInput; onSaved: (p: ProfileView) => void; onCancel: () => void }) {
  const m = useMapping(input, onSaved);
  const blocked = m.check?.blocked ?? true;
  // Back closes the step (its own history entry); closing, reloading or following a link would lose the edits.
  useLeaveWarning(m.edited, "This mapping is not saved. Leave the page and lose it?");
  // Opened from a file's "Map columns": the keyboard goes on here, not back to the top of the page.
  useEffect(() => {
    const title = document.getElementById("mapping-title");
    title?.setAttribute("tabindex", "-1");
    title?.focus();
  }, []);
  return (
    <Card role="region" aria-labelledby="mapping-title">
      <CardHeader
        titleId="mapping-title"
        title={`Map ${input.fileName}`}
        description={
          input.base
            ? `Adds this export to your profile “${input.base.name}”. Everything below is read exactly as the run will read it.`
            : "Tell the portal once how this export is written; it is saved as your shop’s profile and used by itself next month."
        }
        actions={
          <Button variant="ghost" size="sm" onClick={onCancel}>
            Cancel
          </Button>
        }
      />
      {!m.ready ? (
        <div className="px-5 py-5">
          <Alert tone="danger" title="This file cannot be mapped">
            Its start could not be read as text with columns. Export it again as CSV.
          </Alert>
        </div>
      ) : (
        <div className="divide-y divide-border">
          <Section title="1 · How the file is written">
            <FormatFields m={m} timeZone={input.timeZone} />
          </Section>
          <Section title="2 · Tables">
            <TableFields m={m} />
          </Section>
          {m.tables.map((t) => (
            <Section key={t.table} title={`3 · Columns of ${t.table}`}>
              <div className="space-y-4">
                <ColumnMap m={m} mapping={t} />
                <ValueWords m={m} mapping={t} />
              </div>
            </Section>
          ))}
          <Section title="4 · Preview: the first rows as the run will read them">
            <MappedPreview previews={m.previews} check={m.check} />
          </Section>
          <div className="flex flex-wrap items-end gap-x-4 gap-y-3 rounded-b-lg bg-surface-2/40 px-5 py-4">
            <TextField
              label="Profile name"
              className="min-w-56 flex-1"
              value={m.name}
              placeholder="e.g. Loja Exemplo (ERP export)"
              error={m.error?.field === "name" ? m.error.message : undefined}
              onChange={(e) => m.setName(e.target.value)}
            />
            <div className="flex items-center gap-2">
              <Button variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
              <Button onClick={m.save} loading={m.saving} disabled={!m.draft.profile || m.name.trim() === ""}>
                Save profile and use it
              </Button>
            </div>
            <div className="basis-full text-sm" aria-live="polite">
              {m.error && !m.error.field ? <p className="text-danger">{m.error.message}</p> : null}
              {m.draft.problem ? <p className="text-danger">{m.draft.problem}</p> : null}
              {m.unanswered.length > 0 ? (
                <p className="text-warning">
                  {m.unanswered.length} {m.unanswered.length === 1 ? "word has" : "words have"} no contract value yet: rows with {m.unanswered.length === 1 ? "it" : "them"} would be quarantined.
                </p>
              ) : blocked && m.draft.profile ? (
                <p className="text-muted">The file still has errors with this mapping; you can save it and fix the rest later.</p>
              ) : null}
            </div>
          </div>
        </div>
      )}
    </Card>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 px-5 py-5">
      <h3 className="text-sm font-semibold text-fg">{title}</h3>
      {children}
    </section>
  );
}
