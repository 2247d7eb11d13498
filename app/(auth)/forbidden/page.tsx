import { forbidden } from "next/navigation";

/**
 * Where a signed-in user whose role may not open a page is redirected (the (portal) layout,
 * requirePageUser). It answers 403: `forbidden()` renders app/forbidden.tsx, which names the page.
 */
export default function ForbiddenPage(): never {
  forbidden();
}
