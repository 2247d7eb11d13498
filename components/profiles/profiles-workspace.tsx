"use client";

import { useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { postJson, requestJson } from "@/components/ui/fetch-json";
import { useToast } from "@/components/ui/toast";
import type { SourceProfile } from "@/lib/contracts";
import type { ProfileView } from "@/lib/profiles/records";
import { AddProfile, type BuiltinView } from "./add-profile";
import { ProfileEditor } from "./profile-editor";
import { ProfileTable } from "./profile-table";

/** The profiles page: list, edit, export, import, delete, start from a built-in. */
export function ProfilesWorkspace({ initial, builtins }: { initial: ProfileView[]; builtins: BuiltinView[] }) {
  const toast = useToast();
  const [profiles, setProfiles] = useState(initial);
  const [editing, setEditing] = useState<ProfileView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editError, setEditError] = useState<string | null>(null);

  const added = (p: ProfileView, how: string) => {
    setProfiles((ps) => [p, ...ps.filter((x) => x.id !== p.id)]);
    toast.success(`Profile “${p.name}” ${how}`);
  };

  const fromBuiltin = async (b: BuiltinView, name: string) => {
    setBusy("add");
    const res = await postJson<{ profile: ProfileView }>("/api/profiles", { name, profile: b.profile });
    setBusy(null);
    if (!res.ok) return toast.error("Could not create the profile", res.message);
    added(res.data.profile, "created");
  };

  const importText = async (text: string) => {
    setBusy("add");
    const res = await postJson<{ profile: ProfileView }>("/api/profiles/import", { text });
    setBusy(null);
    if (!res.ok) return toast.error("Could not import the file", res.message);
    added(res.data.profile, "imported");
  };

  const save = async (name: string, profile: SourceProfile) => {
    if (!editing) return;
    setBusy(editing.id);
    setEditError(null);
    const res = await postJson<{ profile: ProfileView }>(`/api/profiles/${editing.id}`, { name, profile }, "PATCH");
    setBusy(null);
    if (!res.ok) return setEditError(res.message);
    setProfiles((ps) => ps.map((x) => (x.id === res.data.profile.id ? res.data.profile : x)));
    setEditing(null);
    toast.success(`Profile “${res.data.profile.name}” saved`);
  };

  const remove = async (p: ProfileView) => {
    setBusy(p.id);
    const res = await requestJson(`/api/profiles/${p.id}`, { method: "DELETE" });
    setBusy(null);
    if (!res.ok) return toast.error(`Could not delete “${p.name}”`, res.message);
    setProfiles((ps) => ps.filter((x) => x.id !== p.id));
    toast.success(`Profile “${p.name}” deleted`, "Batches already read with it keep their own copy.");
  };

  return (
    <div className="grid gap-6 2xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-6">
        {editing ? (
          <ProfileEditor
            key={editing.id}
            profile={editing}
            saving={busy === editing.id}
            error={editError}
            onSave={save}
            onCancel={() => {
              setEditing(null);
              setEditError(null);
            }}
          />
        ) : null}
        <Card>
          <CardHeader title="Your profiles" description={`${profiles.length} ${profiles.length === 1 ? "profile" : "profiles"} · the upload page recognises your files by name and columns`} />
          {profiles.length === 0 ? (
            <EmptyState
              title="No profiles yet"
              description="Files in the contract format need none. For your shop’s own export, map it once on the upload page, or start from a built-in profile."
              action={<ButtonLink href="/upload">Go to upload</ButtonLink>}
            />
          ) : (
            <ProfileTable profiles={profiles} busyId={busy} onEdit={setEditing} onDelete={remove} />
          )}
        </Card>
      </div>
      <AddProfile builtins={builtins} busy={busy === "add"} onFromBuiltin={fromBuiltin} onImport={importText} />
    </div>
  );
}
