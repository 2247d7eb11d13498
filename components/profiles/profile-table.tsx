"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { ProfileView } from "@/lib/profiles/records";
import { formatSummary } from "./describe";

/** The shop's profiles, each with edit, export (a JSON file), delete (asked twice). */
export function ProfileTable({ profiles, busyId, onEdit, onDelete }: { profiles: ProfileView[]; busyId: string | null; onEdit: (p: ProfileView) => void; onDelete: (p: ProfileView) => void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Table label="Profiles">
      <HeaderRow columns={[{ label: "Profile" }, { label: "Reads" }, { label: "Updated", from: "lg" }, { label: "Actions", srOnly: true }]} />
      <TBody>
        {profiles.map((p) => (
          <Tr key={p.id}>
            <Td className="min-w-48">
              <p className="font-medium text-fg">{p.name}</p>
              <p className="text-xs text-muted">{formatSummary(p.profile)}</p>
            </Td>
            <Td>
              <div className="flex max-w-xs flex-wrap gap-1">
                {p.tables.map((t) => (
                  <Badge key={t} className="font-mono">
                    {t}
                  </Badge>
                ))}
              </div>
              <p className="mt-1 text-xs text-muted">
                {p.fingerprints.length === 0 ? "Picked by file name" : `Recognises ${p.fingerprints.length} ${p.fingerprints.length === 1 ? "export layout" : "export layouts"}`}
              </p>
            </Td>
            <Td className="hidden whitespace-nowrap text-muted lg:table-cell">
              {formatDateTime(p.updatedAt)}
              {p.createdBy ? <p className="text-xs">by {p.createdBy}</p> : null}
            </Td>
            <Td>
              <div className="flex justify-end gap-2">
                {confirming === p.id ? (
                  <>
                    <Button size="sm" variant="danger" loading={busyId === p.id} onClick={() => onDelete(p)} aria-label={`Confirm delete ${p.name}`}>
                      Delete
                    </Button>
                    {/* The keyboard stays on the row (it fell to the page's top): on the safe choice. */}
                    <Button size="sm" variant="ghost" onClick={() => setConfirming(null)} autoFocus>
                      Keep
                    </Button>
                  </>
                ) : (
                  <>
                    <Button size="sm" variant="secondary" onClick={() => onEdit(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>
                    <a href={`/api/profiles/${p.id}/export`} download className={buttonClass("secondary", "sm")} aria-label={`Export ${p.name}`}>
                      Export
                    </a>
                    <Button size="sm" variant="ghost" onClick={() => setConfirming(p.id)} aria-label={`Delete ${p.name}`}>
                      Delete
                    </Button>
                  </>
                )}
              </div>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
