"use client";

import { useEffect } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";

/** The body of every signed-in segment's error.tsx: what happened, try again, or go home. */
export function SegmentError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card role="alert" className="mx-auto mt-8 max-w-xl">
      <CardBody className="p-6">
        <p className="text-sm font-semibold text-danger">Something went wrong</p>
        <h1 className="mt-1 text-xl font-semibold text-fg">We could not load {what}</h1>
        <p className="mt-2 text-sm text-muted">
          It may be a passing problem: try again. If it keeps happening, give an administrator this reference:{" "}
          <span className="font-mono text-fg">{digest ?? "no reference"}</span>.
        </p>
        <div className="mt-5 flex gap-2">
          <Button variant="primary" onClick={retry}>
            Try again
          </Button>
          <ButtonLink href="/">Go to my start page</ButtonLink>
        </div>
      </CardBody>
    </Card>
  );
}
