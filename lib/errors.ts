/** The app's typed error: the route wrapper maps `status` to the HTTP response. */
export type AppErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 507;

export class AppError extends Error {
  override name = "AppError";

  constructor(
    readonly status: AppErrorStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * By shape as well as by class: the backend is kept on globalThis for the process, so an error thrown by
 * code another route's bundle loaded is an AppError of another copy of this class (it answered 500).
 */
export const isAppError = (e: unknown): e is AppError =>
  e instanceof AppError ||
  (e instanceof Error && e.name === "AppError" && typeof (e as AppError).status === "number" && typeof (e as AppError).code === "string");
