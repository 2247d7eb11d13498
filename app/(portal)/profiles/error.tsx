"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function ProfilesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="rounded-lg border border-border bg-surface">
      <EmptyState
        title="The profiles could not load"
        description={`${error.message || "Something went wrong on our side."} Try again; if it keeps failing, tell an admin${error.digest ? ` (reference ${error.digest})` : ""}.`}
        action={<Button onClick={reset}>Try again</Button>}
      />
    </div>
  );
}
