// The LakeStorage contract against the embedded default (files under DATA_DIR/lake), with uploads
// going through the app's own signed-URL handler, as the upload route serves them.
import { getBackend } from "@/lib/wiring";
import { addBatchFile, createBatch, getBatch } from "@/lib/db/batches";
import { acceptLocalUpload } from "@/lib/services/batches";
import { freshPipelineEnv } from "../support/pipeline-env";
import { lakeStorageContract } from "./lake-storage.contract";

lakeStorageContract("local filesystem", async () => {
  const env = await freshPipelineEnv();
  const { lake } = await getBackend();
  return {
    storage: lake,
    largeSize: 5 * 1024 * 1024,
    send: async (t, bytes) => {
      if (t.kind !== "single") throw new Error("the local lake hands out single PUT targets");
      // Local upload URLs work only for a file of an open batch: register the key as one.
      const m = /^raw\/([a-z_]+)\/month=(\d{4}-\d{2})\/batch=([^/]+)\//.exec(t.key);
      if (m) {
        if (!(await getBatch(m[3]!))) await createBatch({ id: m[3]!, month: m[2]!, source: "cli" });
        await addBatchFile({ batchId: m[3]!, table: `${m[1]}:${t.key}`, fileName: t.key, key: t.key, size: bytes.length });
      }
      const token = new URL(t.url, "http://portal.local").searchParams.get("token") ?? "";
      await acceptLocalUpload(token, bytes, bytes.length);
    },
    cleanup: () => env.cleanup(),
  };
});
