import { z } from "zod";
import { AppError } from "../errors";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const errorResponse = (status: number, code: string, message: string, details?: unknown): Response =>
  Response.json({ error: details === undefined ? { code, message } : { code, message, details } } satisfies ErrorBody, {
    status,
  });

export const appErrorResponse = (e: AppError): Response => errorResponse(e.status, e.code, e.message, e.details);

/** Zod issues → `{ fields: { "a.b": ["message"] }, issues: [...] }`, so forms can show messages per field. */
export function zodDetails(err: z.ZodError): { fields: Record<string, string[]>; issues: { path: string; message: string }[] } {
  const fields: Record<string, string[]> = {};
  const issues = err.issues.map((i) => {
    const path = i.path.map(String).join(".") || "(root)";
    (fields[path] ??= []).push(i.message);
    return { path, message: i.message };
  });
  return { fields, issues };
}
