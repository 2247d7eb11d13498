"use client";

import Link from "next/link";
import { useId } from "react";
import { compactControlClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import type { ProfilePick } from "@/lib/profiles/draft";
import type { ProfileView } from "@/lib/profiles/records";
import type { ProfileChoice } from "./use-batch-files";

/** Which profile reads the batch; says when it was recognised from the files by itself. */
export function ProfileBar({
  profiles,
  choice,
  active,
  pick,
  disabled,
  onChoose,
}: {
  profiles: ProfileView[];
  choice: ProfileChoice;
  active: ProfileView | null;
  pick: ProfilePick | null;
  disabled: boolean;
  onChoose: (c: ProfileChoice) => void;
}) {
  const id = useId();
  const value = choice.kind === "auto" ? "auto" : choice.kind === "none" ? "none" : choice.id;
  const recognised = choice.kind === "auto" && active && pick?.id === active.id ? Object.entries(pick.matched) : [];
  return (
    <div className="flex flex-wrap items-start gap-x-4 gap-y-2 rounded-md border border-border bg-surface-2/40 px-4 py-3 text-sm">
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="font-medium text-fg">
          Read the files with
        </label>
        <p className="mt-0.5 text-xs text-muted" data-testid="profile-note">
          {recognised.length > 0
            ? `Profile “${active!.name}” recognised ${recognised.map(([f, how]) => `${f} (by its ${how === "fingerprint" ? "columns" : "name"})`).join(", ")}.`
            : active
              ? `Profile “${active.name}”: its delimiter, encoding, numbers, dates, columns and words.`
              : "The contract format: comma-separated UTF-8 with the contract’s column names."}{" "}
          <Link href="/profiles" className="text-accent underline-offset-2 hover:underline">
            Manage profiles
          </Link>
        </p>
      </div>
      <select id={id} className={cn(compactControlClass, "max-w-xs")} value={value} disabled={disabled} onChange={(e) => onChoose(parse(e.target.value))}>
        <option value="auto">{pick ? `Recognised: ${profiles.find((p) => p.id === pick.id)?.name ?? "profile"}` : "Recognise from the files"}</option>
        <option value="none">Contract format (no profile)</option>
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}

const parse = (v: string): ProfileChoice => (v === "auto" ? { kind: "auto" } : v === "none" ? { kind: "none" } : { kind: "saved", id: v });
