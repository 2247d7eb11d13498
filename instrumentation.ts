/**
 * Runs once when the portal's server starts (Next's instrumentation hook). The backend is built here,
 * not at the first request: building the local one recovers the runs a killed process left "running"
 * (docs/pipeline.md), which otherwise waited for someone to open a page.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getBackend } = await import("./lib/wiring");
  // Not awaited: recovery may publish a month again, and the server answers meanwhile.
  void getBackend().catch((e: unknown) => console.error(`[start] the backend could not be built: ${(e as Error).message}`));
}
