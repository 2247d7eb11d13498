import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProfile } from "@/lib/contracts";
import { getBackend } from "@/lib/wiring";
import { getBatch } from "@/lib/db/batches";
import { createProfile, updateProfile } from "@/lib/db/profiles";
import { AppError } from "@/lib/errors";
import { batchManifestSchema } from "@/lib/lake/manifest";
import { acceptLocalUpload, completeBatch, startBatch, type StartedBatch } from "@/lib/services/batches";
import { waitForRun } from "@/lib/services/runs";
import { ptExport } from "../support/foreign-export";
import { freshPipelineEnv } from "../support/pipeline-env";

const PROFILE: SourceProfile = {
  name: "Loja",
  delimiter: ";",
  encoding: "windows-1252",
  decimal: ",",
  thousands: ".",
  dateOrder: "DMY",
  tables: {
    orders: { file: "pedidos*.csv", columns: { order_id: "Pedido", customer_id: "Cliente", order_ts: "Data do pedido", status: "Situação" } },
    order_items: { file: "pedidos*.csv", columns: { order_id: "Pedido", order_item_id: "Item", product_id: "Produto", quantity: "Quantidade", unit_price: "Preço unitário" } },
  },
};

let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
beforeAll(async () => {
  env = await freshPipelineEnv();
});
afterAll(async () => env.cleanup());

async function send(started: StartedBatch, bodies: Record<string, Uint8Array>) {
  for (const f of started.files) {
    if (f.target.kind !== "single") throw new Error("local uploads are single PUTs");
    const token = new URL(f.target.url, "http://local").searchParams.get("token")!;
    await acceptLocalUpload(token, bodies[f.fileName]!, f.size);
  }
}

describe("a batch carries its source profile", () => {
  it("snapshots a saved profile, stores an order-lines file once and lists it for both tables in the manifest", async () => {
    const saved = await createProfile({ name: "Loja (ERP)", profile: PROFILE, createdById: null });
    const pedidos = ptExport(6);
    const customers = new TextEncoder().encode("customer_id;signup_ts;country\r\nC200;2025-01-01;BR\r\n");
    const started = await startBatch({
      month: "2025-11",
      files: [
        { fileName: "pedidos_2025-11.csv", size: pedidos.length, table: "orders", alsoTable: "order_items" },
        { fileName: "customers.csv", size: customers.length, table: "customers" },
      ],
      profileId: saved.id,
      userId: null,
      source: "portal",
    });
    const key = started.files.find((f) => f.fileName === "pedidos_2025-11.csv")!.key;
    expect(key).toMatch(/^raw\/orders\/month=2025-11\/batch=[^/]+\/pedidos_2025-11\.csv$/);
    expect(started.files).toHaveLength(2);

    // Editing the saved profile later does not change what this batch is read with.
    await updateProfile(saved.id, { profile: { ...PROFILE, decimal: ".", thousands: "" } });
    const batch = await getBatch(started.batchId);
    expect(batch).toMatchObject({ profileId: saved.id, profile: { ...PROFILE, name: "Loja (ERP)" } });
    expect(batch!.files.find((f) => f.table === "orders")!.alsoTable).toBe("order_items");

    await send(started, { "pedidos_2025-11.csv": pedidos, "customers.csv": customers });
    const { runId } = await completeBatch(started.batchId, { userId: null });
    const lake = (await getBackend()).lake;
    const manifest = batchManifestSchema.parse(JSON.parse(new TextDecoder().decode(await lake.get(`raw/_manifests/month=2025-11/batch=${started.batchId}.json`))));
    expect(manifest.version).toBe(2);
    expect(manifest.profile).toEqual({ ...PROFILE, name: "Loja (ERP)" });
    expect(manifest.files.map((f) => [f.table, f.key, f.size]).sort()).toEqual(
      [
        ["customers", started.files.find((f) => f.table === "customers")!.key, customers.length],
        ["order_items", key, pedidos.length],
        ["orders", key, pedidos.length],
      ].sort(),
    );
    // The raw file is kept once, byte for byte, under its first table.
    expect(await lake.list(`raw/order_items/month=2025-11/batch=${started.batchId}/`)).toEqual([]);
    expect(Buffer.from(await lake.get(key)).equals(Buffer.from(pedidos))).toBe(true);
    // The run the manifest triggered ends one way or the other (applying profiles is the pipeline's part).
    const run = await waitForRun(runId, { timeoutMs: 120_000 });
    expect(["succeeded", "partial", "failed", "held"]).toContain(run.status);
  });

  it("takes an inline profile (the CLI's), and refuses what cannot be a batch", async () => {
    const size = 10;
    const inline = await startBatch({ month: "2025-12", files: [{ fileName: "pedidos.csv", size, table: "orders" }], profile: PROFILE, userId: null, source: "cli" });
    expect((await getBatch(inline.batchId))!.profile).toEqual(PROFILE);

    const refused = async (input: Parameters<typeof startBatch>[0]) => {
      const e = await startBatch(input).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    };
    const base = { month: "2025-12", userId: null, source: "portal" as const };
    expect((await refused({ ...base, files: [{ fileName: "a.csv", size, table: "orders" }], profileId: "nope" })).code).toBe("profile_not_found");
    expect((await refused({ ...base, files: [{ fileName: "a.csv", size, table: "orders" }], profileId: "x", profile: PROFILE })).status).toBe(400);
    const clash = await refused({
      ...base,
      files: [
        { fileName: "pedidos.csv", size, table: "orders", alsoTable: "order_items" },
        { fileName: "order_items.csv", size, table: "order_items" },
      ],
    });
    // One schema for the portal and the CLI: the upload page's words and limits.
    expect(clash.message).toContain("Each table can appear only once in a batch");
    expect((await refused({ ...base, files: [{ fileName: "a.csv", size: 0, table: "orders" }] })).message).toContain("An empty file cannot be uploaded");
    expect((await refused({ ...base, files: [{ fileName: "a.csv", size, table: "orders", alsoTable: "orders" }] })).status).toBe(400);
    expect(path.basename(inline.files[0]!.key)).toBe("pedidos.csv");
  });
});
