"use client";

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TextField, inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { parseProfile, type SourceProfile } from "@/lib/contracts";
import type { ProfileView } from "@/lib/profiles/records";

/** A profile's name and its JSON (the contract's format), checked as you type with the server's own schema. */
export function ProfileEditor({ profile, saving, error, onSave, onCancel }: { profile: ProfileView; saving: boolean; error: string | null; onSave: (name: string, p: SourceProfile) => void; onCancel: () => void }) {
  const [name, setName] = useState(profile.name);
  const [text, setText] = useState(() => JSON.stringify(profile.profile, null, 2));
  const parsed = useMemo(() => parseProfile(text), [text]);
  return (
    <Card role="region" aria-labelledby="editor-title">
      <CardHeader titleId="editor-title" title={`Edit “${profile.name}”`} description="The JSON is the profile format of the data contract; the CLI reads the same file with --profile." />
      <div className="space-y-4 px-5 py-5">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} className="max-w-md" />
        <div className="space-y-1.5">
          <label htmlFor="profile-json" className="block text-sm font-medium text-fg">
            Profile (JSON)
          </label>
          <textarea
            id="profile-json"
            spellCheck={false}
            rows={18}
            className={cn(inputClass, "font-mono text-xs leading-relaxed")}
            aria-invalid={!parsed.ok || undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <p className={cn("text-sm", parsed.ok ? "text-muted" : "text-danger")} aria-live="polite">
            {parsed.ok ? "Valid profile." : parsed.error}
          </p>
          {error ? <p className="text-sm text-danger">{error}</p> : null}
        </div>
      </div>
      <div className="flex justify-end gap-2 rounded-b-lg border-t border-border bg-surface-2/40 px-5 py-4">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button loading={saving} disabled={!parsed.ok || name.trim() === ""} onClick={() => parsed.ok && onSave(name.trim(), parsed.profile)}>
          Save changes
        </Button>
      </div>
    </Card>
  );
}
