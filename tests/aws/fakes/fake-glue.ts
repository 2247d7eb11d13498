/** The Glue Data Catalog's GetTables / GetPartitions behind aws-sdk-client-mock, paged and throttled. */
import { EntityNotFoundException, GetPartitionsCommand, GetTablesCommand, GlueClient, type Partition, type Table } from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { throttling } from "./aws-error";

export class FakeGlue {
  readonly client = new GlueClient({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  readonly mock = mockClient(this.client);
  readonly tables: Table[] = [];
  readonly partitions = new Map<string, Partition[]>();
  pageSize = 2;
  private throttles = 0;

  constructor(readonly database: string, readonly bucket: string) {
    const page = <T>(items: T[], token: string | undefined) => {
      const from = token ? Number(token) : 0;
      const to = from + this.pageSize;
      return { items: items.slice(from, to), next: to < items.length ? String(to) : undefined };
    };
    this.mock.on(GetTablesCommand).callsFake(async ({ DatabaseName, NextToken }) => {
      this.guard();
      if (DatabaseName !== database) throw new EntityNotFoundException({ message: `Database ${DatabaseName} not found.`, $metadata: {} });
      const p = page(this.tables, NextToken);
      return { TableList: p.items, NextToken: p.next };
    });
    this.mock.on(GetPartitionsCommand).callsFake(async ({ TableName, NextToken }) => {
      this.guard();
      const p = page(this.partitions.get(TableName!) ?? [], NextToken);
      return { Partitions: p.items, NextToken: p.next };
    });
  }

  throttle(n: number): void {
    this.throttles = n;
  }

  private guard(): void {
    if (this.throttles > 0) {
      this.throttles -= 1;
      throw throttling();
    }
  }

  /** A table as a crawler creates it: parquet SerDe, classification, month partition key, counts. */
  crawled(layer: "processed" | "curated", folder: string, columns: [string, string][], months: Record<string, number>, tableName = folder): void {
    const location = `s3://${this.bucket}/${layer}/${folder}/`;
    const total = Object.values(months).reduce((a, b) => a + b, 0);
    this.tables.push({
      Name: tableName,
      DatabaseName: this.database,
      CreateTime: new Date("2025-12-01T08:10:00Z"),
      UpdateTime: new Date("2025-12-01T08:12:00Z"),
      TableType: "EXTERNAL_TABLE",
      StorageDescriptor: {
        Columns: columns.map(([Name, Type]) => ({ Name, Type })),
        Location: location,
        InputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        SerdeInfo: { SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
      },
      PartitionKeys: [{ Name: "month", Type: "string" }],
      Parameters: { classification: "parquet", recordCount: String(total), objectCount: String(Object.keys(months).length), UPDATED_BY_CRAWLER: `${layer}-crawler` },
    });
    this.partitions.set(
      tableName,
      Object.entries(months).map(([month, rows]) => ({
        Values: [month],
        DatabaseName: this.database,
        TableName: tableName,
        StorageDescriptor: { Location: `${location}month=${month}/` },
        Parameters: { recordCount: String(rows), objectCount: "1", sizeKey: String(rows * 40 + 800), averageRecordSize: "40" },
        CreationTime: new Date("2025-12-01T08:12:00Z"),
      })),
    );
  }
}
