"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { postJson } from "@/components/ui/fetch-json";
import { RetryIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";

/** Re-crawls a layer on demand (the state machine does it after every run anyway). */
export function RefreshCatalogButtons() {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = async (layer: "processed" | "curated") => {
    setBusy(layer);
    const res = await postJson<{ tables: unknown[] }>("/api/catalog/refresh", { layer });
    setBusy(null);
    if (!res.ok) return toast.error(`Could not crawl the ${layer} layer`, res.message);
    toast.success(`Crawled the ${layer} layer`, `${res.data.tables.length} tables found.`);
    router.refresh();
  };
  return (
    <>
      {(["processed", "curated"] as const).map((layer) => (
        <Button key={layer} size="sm" icon={<RetryIcon className="size-4" />} loading={busy === layer} disabled={busy !== null} onClick={() => refresh(layer)} variant="secondary">
          Crawl {layer}
        </Button>
      ))}
    </>
  );
}
