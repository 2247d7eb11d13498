import type { ReactNode } from "react";
import { LakeIcon } from "@/components/ui/icons";

/** Signed-out pages (sign-in, setup, 403): one centred card under the brand. */
export function AuthFrame({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className={wide ? "w-full max-w-md" : "w-full max-w-sm"}>
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <span className="flex size-11 items-center justify-center rounded-xl bg-accent text-accent-fg shadow-sm">
            <LakeIcon className="size-6" />
          </span>
          <p className="text-lg font-semibold text-fg">ShopLake portal</p>
        </div>
        {children}
      </div>
    </main>
  );
}
