-- Schema for the facts loaded by job 3 (curated -> database). Job 3 creates its own tables in it
-- (CREATE TABLE IF NOT EXISTS), so Prisma's data model stays limited to the "public" schema.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "analytics";
