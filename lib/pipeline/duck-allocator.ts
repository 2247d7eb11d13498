/**
 * DuckDB's bundled allocator (jemalloc) reads DUCKDB_JE_MALLOC_CONF once, when the library loads, so
 * this module must be imported before `@duckdb/node-api` (duck.ts imports it first).
 *
 * DuckDB returns freed pages to the system after one second. A run's three jobs allocate and free
 * several hundred MB one after another on the shared job engine, and touching a page the system has
 * taken back costs a page fault each time (measured: ≈ 30 % of job 1's and job 2's time on our
 * 2-core VMs). Kept for 30 s instead, the next job reuses them; an idle portal still gives them back.
 * A value set in the environment wins.
 */
export const JOB_ALLOCATOR_CONF = "dirty_decay_ms:30000,muzzy_decay_ms:30000";

process.env.DUCKDB_JE_MALLOC_CONF ??= JOB_ALLOCATOR_CONF;
