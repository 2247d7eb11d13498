"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { postJson } from "@/components/ui/fetch-json";
import { useToast } from "@/components/ui/toast";
import type { GateSettings } from "@/lib/contracts/gate";

const pct = (share: number) => String(Math.round(share * 1000) / 10);

/** The quality gate's two thresholds, in percent; a run above (or below) them is held, not published. */
export function GateSettingsPanel({ initial }: { initial: GateSettings }) {
  const router = useRouter();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    // An emptied field is no threshold (Number("") is 0: it saved 0 % and said "saved").
    const share = (s: string | undefined) => (s === undefined || s.trim() === "" ? Number.NaN : Number(s) / 100);
    const body = { maxRejectShare: share(v.maxRejectShare), minVolumeShare: share(v.minVolumeShare) };
    const bad = Object.entries(body).filter(([, x]) => !Number.isFinite(x) || x < 0 || x > 1);
    if (bad.length) return setFields(Object.fromEntries(bad.map(([k]) => [k, "A percentage between 0 and 100"])));
    setSaving(true);
    const res = await postJson<{ gate: GateSettings }>("/api/admin/settings/quality-gate", body, "PUT");
    setSaving(false);
    if (!res.ok) return toast.error("Could not save the thresholds", res.message);
    setFields({});
    toast.success("Quality gate saved", "Batches sent from now on are judged by these thresholds.");
    router.refresh();
  }

  return (
    <Card>
      <CardHeader title="Quality gate" description="A run publishes its month only when these hold; otherwise it is held and the dashboards keep the previous numbers." />
      <CardBody>
        <form onSubmit={save} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <TextField
            label="Most rejected rows per table (%)"
            name="maxRejectShare"
            type="number"
            min={0}
            max={100}
            step="0.1"
            required
            defaultValue={pct(initial.maxRejectShare)}
            hint="Bad rows, duplicates not counted. Contract default 5 %."
            error={fields.maxRejectShare}
          />
          <TextField
            label="Least volume of the previous month (%)"
            name="minVolumeShare"
            type="number"
            min={0}
            max={100}
            step="0.1"
            required
            defaultValue={pct(initial.minVolumeShare)}
            hint="Recognised orders and sessions. Contract default 50 %."
            error={fields.minVolumeShare}
          />
          <Button type="submit" variant="primary" loading={saving}>
            Save
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
