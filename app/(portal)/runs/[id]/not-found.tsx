import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function RunNotFound() {
  return (
    <Card className="mx-auto mt-8 max-w-xl">
      <EmptyState
        title="This run does not exist"
        description="It may have been deleted, or the link is mistyped. The runs list shows every run there is."
        action={<ButtonLink href="/runs" variant="primary">Open the runs list</ButtonLink>}
      />
    </Card>
  );
}
