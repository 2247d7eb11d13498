"use client";

import { useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PROFILE_LIMITS, type SourceProfile } from "@/lib/contracts";

export interface BuiltinView {
  id: string;
  label: string;
  description: string;
  profile: SourceProfile;
}

/** New profiles: from a built-in one, or a JSON file exported elsewhere. (Mapping a file on the upload page is the third way.) */
export function AddProfile({ builtins, busy, onFromBuiltin, onImport }: { builtins: BuiltinView[]; busy: boolean; onFromBuiltin: (b: BuiltinView, name: string) => void; onImport: (text: string) => void }) {
  const [builtinId, setBuiltinId] = useState(builtins[0]?.id ?? "");
  const [name, setName] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const chosen = builtins.find((b) => b.id === builtinId);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (!file) return;
    if (file.size > PROFILE_LIMITS.bytes) return setFileError(`A profile file is at most ${PROFILE_LIMITS.bytes / 1024} KB; this one is ${Math.ceil(file.size / 1024)} KB.`);
    setFileError(null);
    onImport(await file.text());
  };

  return (
    <Card className="self-start">
      <CardHeader title="Add a profile" description="Or drop an export on the upload page and map it: that saves one too." />
      <div className="space-y-4 border-b border-border px-5 py-5">
        <SelectField label="Start from a built-in profile" value={builtinId} onChange={(e) => setBuiltinId(e.target.value)}>
          {builtins.map((b) => (
            <option key={b.id} value={b.id}>
              {b.label}
            </option>
          ))}
        </SelectField>
        {chosen ? <p className="text-xs text-muted">{chosen.description}</p> : null}
        <TextField label="Name for your copy" value={name} placeholder={chosen?.profile.name ?? ""} onChange={(e) => setName(e.target.value)} />
        <Button disabled={!chosen || busy} onClick={() => chosen && onFromBuiltin(chosen, name.trim() || chosen.label)}>
          Create from built-in
        </Button>
      </div>
      <div className="space-y-2 px-5 py-5">
        <label htmlFor="profile-file" className="block text-sm font-medium text-fg">
          Import a profile file (JSON)
        </label>
        <input
          id="profile-file"
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={onFile}
          className="block w-full text-sm text-muted file:mr-3 file:rounded-md file:border file:border-border file:bg-surface file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-fg hover:file:bg-surface-2"
        />
        {fileError ? <p className="text-sm text-danger">{fileError}</p> : <p className="text-xs text-muted">A profile exported from this page or written for the CLI (at most {PROFILE_LIMITS.bytes / 1024} KB).</p>}
      </div>
    </Card>
  );
}
