"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { LogoutIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await signOut({ callbackUrl: "/login" });
        } catch {
          setBusy(false);
          toast.error("Could not sign out", "Check your connection and try again.");
        }
      }}
      className="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-50"
      aria-label="Sign out"
      title="Sign out"
    >
      <LogoutIcon />
    </button>
  );
}
