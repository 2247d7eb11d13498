"use client";

import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requestJson } from "@/components/ui/fetch-json";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/format";
import type { AuditEntryDto } from "@/lib/portal/admin-views";

const toneOf = (action: string): Tone =>
  action.includes("failed") || action.includes("blocked") || action.includes("deactivate")
    ? "danger"
    : action.startsWith("auth.")
      ? "neutral"
      : action.startsWith("user.") || action.startsWith("setup.")
        ? "accent"
        : "info";

/** The audit log, newest first; older pages load on demand. */
export function AuditLog({ initial, pageSize }: { initial: AuditEntryDto[]; pageSize: number }) {
  const toast = useToast();
  const [extra, setExtra] = useState<AuditEntryDto[]>([]);
  const [done, setDone] = useState(initial.length < pageSize);
  const [busy, setBusy] = useState(false);
  // Server refreshes replace `initial`; older pages fetched here stay appended.
  const entries = [...initial, ...extra.filter((e) => !initial.some((i) => i.id === e.id))];

  async function more() {
    const last = entries.at(-1);
    if (!last) return;
    setBusy(true);
    const res = await requestJson<{ entries: AuditEntryDto[]; next: string | null }>(`/api/admin/audit?before=${last.id}&limit=${pageSize}`);
    setBusy(false);
    if (!res.ok) return toast.error("Could not load older entries", res.message);
    setExtra((xs) => [...xs, ...res.data.entries]);
    if (!res.data.next) setDone(true);
  }

  return (
    <Card>
      <CardHeader title="Audit log" description="Sign-ins, uploads, retries and user changes, newest first." />
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" description="Entries appear as people sign in, upload and change users." />
      ) : (
        <>
          <Table label="Audit log">
            <HeaderRow columns={[{ label: "When" }, { label: "Action" }, { label: "Who" }, { label: "Target" }, { label: "Address", from: "lg" }, { label: "Details", from: "xl" }]} />
            <TBody>
              {entries.map((e) => (
                <Tr key={e.id}>
                  <Td className="text-xs whitespace-nowrap text-muted">{formatDateTime(e.at)}</Td>
                  <Td>
                    <Badge tone={toneOf(e.action)}>{e.action}</Badge>
                  </Td>
                  <Td className="max-w-48 text-sm break-all">{e.actorEmail ?? <span className="text-muted">—</span>}</Td>
                  <Td className="max-w-40 truncate font-mono text-xs" title={e.target ?? undefined}>
                    {e.target ?? "—"}
                  </Td>
                  <Td className="hidden font-mono text-xs text-muted lg:table-cell">{e.ip ?? "—"}</Td>
                  <Td className="hidden max-w-48 truncate font-mono text-xs text-muted xl:table-cell" title={JSON.stringify(e.details)}>
                    {Object.keys(e.details).length ? JSON.stringify(e.details) : ""}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {!done ? (
            <div className="border-t border-border p-3 text-center">
              <Button variant="ghost" size="sm" loading={busy} onClick={more}>
                Load older entries
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
