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

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
