import { defineConfig } from "prisma/config";

// The datasource URL is only needed by prisma CLI commands against a server (migrate deploy on a
// connected machine); the app itself applies prisma/migrations at start-up (lib/db/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
