"use client";

import { SegmentError } from "@/components/layout/segment-error";

export default function Error({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError error={error} retry={retry} what="the dashboard" />;
}
