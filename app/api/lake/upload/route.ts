import { z } from "zod";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { acceptLocalUpload } from "@/lib/pipeline/batches";

/**
 * PUT ?token=…: the local backend's "presigned URL". The signed, single-use token scoped to one key and
 * size is the authorisation, so no session is needed (like S3); acceptLocalUpload checks it all.
 */
export const PUT = handler(
  { roles: "public", query: z.object({ token: z.string().min(20).max(4096) }) },
  async ({ req, query }) => {
    const header = req.headers.get("content-length");
    const contentLength = header === null ? undefined : Number(header);
    if (contentLength !== undefined && (!Number.isSafeInteger(contentLength) || contentLength < 0)) {
      throw new AppError(400, "bad_length", "Invalid Content-Length.");
    }
    if (!req.body) throw new AppError(400, "empty_body", "The request has no body.");
    const { key, size } = await acceptLocalUpload(query.token, req.body, contentLength);
    return { key, size };
  },
);
