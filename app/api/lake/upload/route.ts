import { z } from "zod";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { acceptLocalUpload, MAX_FILE_BYTES } from "@/lib/services/batches";

/**
 * PUT ?token=…: the local backend's "presigned URL". The signed, single-use token scoped to one key,
 * size and content type is the authorisation, so no session is needed (like S3); acceptLocalUpload
 * checks it all, and that the key's batch is still open. The body is streamed, never held.
 */
export const PUT = handler(
  { roles: "public", bodyLimit: MAX_FILE_BYTES, query: z.object({ token: z.string().min(20).max(4096) }) },
  async ({ req, query }) => {
    const header = req.headers.get("content-length");
    const contentLength = header === null ? undefined : Number(header);
    if (!req.body) throw new AppError(400, "empty_body", "The request has no body.");
    const { key, size } = await acceptLocalUpload(query.token, req.body, contentLength, req.headers.get("content-type"));
    return { key, size };
  },
);
