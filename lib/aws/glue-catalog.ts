import { GetPartitionsCommand, GetTablesCommand, GlueClient, type Partition, type Table } from "@aws-sdk/client-glue";
import type { Catalog, CatalogTable } from "../backend/types";
import { withRetry, type RetryOptions } from "./retry";

/**
 * The catalog as the Glue crawlers left it. On AWS the crawlers run inside the state machine
 * (CrawlProcessed / CrawlCurated), so `refresh` reads their result rather than crawling again.
 * Row, file and byte counts come from the parameters the crawler writes (recordCount, objectCount, sizeKey).
 */
export interface GlueCatalogOptions {
  database: string;
  region?: string;
  client?: GlueClient;
  retry?: RetryOptions;
}

type Layer = CatalogTable["layer"];

export class GlueCatalog implements Catalog {
  private readonly client: GlueClient;

  constructor(private readonly opts: GlueCatalogOptions) {
    this.client = opts.client ?? new GlueClient({ region: opts.region });
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.opts.retry);
  }

  async refresh(layer: "processed" | "curated"): Promise<CatalogTable[]> {
    return (await this.list()).filter((t) => t.layer === layer);
  }

  async list(): Promise<CatalogTable[]> {
    const tables = await this.tables();
    const out: CatalogTable[] = [];
    // A few tables at a time: GetPartitions is rate-limited per account.
    for (let i = 0; i < tables.length; i += 4) {
      const batch = await Promise.all(tables.slice(i, i + 4).map((t) => this.convert(t)));
      for (const t of batch) if (t) out.push(t);
    }
    return out.sort((a, b) => a.layer.localeCompare(b.layer) || a.name.localeCompare(b.name));
  }

  private async tables(): Promise<Table[]> {
    const out: Table[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new GetTablesCommand({ DatabaseName: this.opts.database, NextToken: token })));
      out.push(...(page.TableList ?? []));
      token = page.NextToken;
    } while (token);
    return out;
  }

  private async partitions(table: string): Promise<Partition[]> {
    const out: Partition[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new GetPartitionsCommand({ DatabaseName: this.opts.database, TableName: table, NextToken: token })),
      );
      out.push(...(page.Partitions ?? []));
      token = page.NextToken;
    } while (token);
    return out;
  }

  private async convert(t: Table): Promise<CatalogTable | null> {
    const where = locate(t.StorageDescriptor?.Location);
    if (!where || !t.Name) return null;
    const keys = t.PartitionKeys ?? [];
    const monthIndex = keys.findIndex((k) => k.Name === "month");
    const parts = keys.length > 0 ? await this.partitions(t.Name) : [];
    const partitions = parts
      .map((p) => ({
        month: (monthIndex >= 0 ? p.Values?.[monthIndex] : p.Values?.join("/")) ?? "",
        rows: num(p.Parameters?.recordCount),
        files: num(p.Parameters?.objectCount),
        bytes: num(p.Parameters?.sizeKey),
      }))
      .sort((a, b) => b.month.localeCompare(a.month));
    const columns = [...(t.StorageDescriptor?.Columns ?? []), ...keys].map((c) => ({ name: c.Name ?? "", type: c.Type ?? "unknown" }));
    return {
      layer: where.layer,
      name: where.name,
      columns,
      partitions,
      rowCount: partitions.length > 0 ? partitions.reduce((s, p) => s + p.rows, 0) : num(t.Parameters?.recordCount),
      updatedAt: t.UpdateTime ?? t.CreateTime ?? null,
    };
  }
}

/** s3://bucket/curated/fact_orders_enriched/ → { curated, fact_orders_enriched } */
export function locate(location: string | undefined): { layer: Layer; name: string } | null {
  const m = /^s3a?:\/\/[^/]+\/(raw|processed|curated)\/(.+?)\/?$/.exec(location ?? "");
  if (!m) return null;
  return { layer: m[1] as Layer, name: m[2]! };
}

function num(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}
