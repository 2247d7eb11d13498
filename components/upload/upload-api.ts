/** The upload page's calls to /api/uploads/**, typed; errors carry the server's message (apiJson). */
import type { TableName } from "@/lib/contracts";
import type { BatchView, MultipartCompletion, StartBatchResponse, UploadTargetView } from "@/lib/portal/upload-types";
import { apiJson } from "./transfer";

export interface StartBatchBody {
  month: string;
  profileId?: string;
  files: { fileName: string; size: number; table: TableName; alsoTable: TableName | null; contentType: string }[];
}

export const uploadApi = {
  listBatches: () => apiJson<{ batches: BatchView[] }>("/api/uploads").then((r) => r.batches),
  start: (body: StartBatchBody) => apiJson<StartBatchResponse>("/api/uploads", { method: "POST", body: JSON.stringify(body) }),
  /** Fresh upload targets for keys of the batch (single-use URLs spent by a failed attempt, or expired). */
  targets: (batchId: string, keys: string[]) =>
    apiJson<{ targets: UploadTargetView[] }>(`/api/uploads/${batchId}/targets`, { method: "POST", body: JSON.stringify({ keys }) }).then((r) => r.targets),
  complete: (batchId: string, multipart: MultipartCompletion[]) =>
    apiJson<{ runId: string }>(`/api/uploads/${batchId}/complete`, { method: "POST", body: JSON.stringify({ multipart }) }).then((r) => r.runId),
  cancel: (batchId: string, multipart: { key: string; uploadId: string }[]) =>
    apiJson(`/api/uploads/${batchId}`, { method: "DELETE", body: JSON.stringify({ multipart }) }).then(() => undefined),
};
