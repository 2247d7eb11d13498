// The LakeStorage contract against the embedded default (files under DATA_DIR/lake), with uploads
// going through the app's own signed-URL handler, as the upload route serves them.
import { getBackend } from "@/lib/backend";
import { acceptLocalUpload } from "@/lib/pipeline/batches";
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
      const token = new URL(t.url, "http://portal.local").searchParams.get("token") ?? "";
      await acceptLocalUpload(token, bytes, bytes.length);
    },
    cleanup: () => env.cleanup(),
  };
});
