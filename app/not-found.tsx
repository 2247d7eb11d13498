import { AuthFrame } from "@/components/layout/auth-frame";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";

export default function NotFound() {
  return (
    <AuthFrame>
      <Card>
        <CardBody className="p-6 text-center">
          <p className="text-sm font-semibold text-muted">404</p>
          <h1 className="mt-1 text-xl font-semibold text-fg">This page does not exist</h1>
          <p className="mt-2 text-sm text-muted">The link may be old or mistyped. Your start page has everything you can open.</p>
          <div className="mt-6">
            <ButtonLink href="/" variant="primary">
              Go to my start page
            </ButtonLink>
          </div>
        </CardBody>
      </Card>
    </AuthFrame>
  );
}
