import { Skeleton } from "@/components/ui/skeleton";

export default function LoadingUpload() {
  return (
    <div role="status" aria-label="Loading upload" className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-2">
          <Skeleton className="h-7 w-52" />
          <Skeleton className="h-4 w-96 max-w-full" />
        </div>
        <Skeleton className="h-10 w-52" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="space-y-4 rounded-lg border border-border bg-surface p-5">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-10 w-64" />
          <Skeleton className="h-40" />
          <Skeleton className="h-10 w-full" />
        </div>
        <div className="space-y-3 rounded-lg border border-border bg-surface p-5">
          {Array.from({ length: 7 }, (_, i) => (
            <Skeleton key={i} className="h-7" />
          ))}
        </div>
      </div>
      <Skeleton className="h-48" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
