/**
 * Browser-side calls to our API: one result shape with the server's message and per-field errors
 * (from lib/http/handler's 400 details), so forms and toasts can show them.
 */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string; fields: Record<string, string> };

export async function requestJson<T = unknown>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
    });
  } catch {
    return { ok: false, status: 0, code: "network", message: "Could not reach the server. Check your connection.", fields: {} };
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const err = (body as { error?: { code?: string; message?: string; details?: { fields?: Record<string, string[]> } } } | null)?.error;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(err?.details?.fields ?? {})) if (v[0]) fields[k] = v[0];
  const fallback =
    res.status === 401 ? "Your session has ended. Sign in again." : res.status === 403 ? "Your role does not allow this." : `Request failed (${res.status}).`;
  return { ok: false, status: res.status, code: err?.code ?? `http_${res.status}`, message: err?.message ?? fallback, fields };
}

export const postJson = <T = unknown>(url: string, body: unknown, method = "POST") =>
  requestJson<T>(url, { method, body: JSON.stringify(body) });
