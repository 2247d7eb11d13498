import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PageSkeleton cards={2} rows={5} label="Loading the catalog" />;
}
