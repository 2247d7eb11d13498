/**
 * DuckDB's bundled allocator (jemalloc) reads DUCKDB_JE_MALLOC_CONF once, when the library loads, so
 * this module must be imported before `@duckdb/node-api` (duck.ts imports it first).
 *
 * DuckDB returns freed pages to the system after one second. A run's three jobs allocate and free
 * several hundred MB one after another on the shared job engine, and touching a page the system has
 * taken back costs a page fault each time (measured: ≈ 30 % of job 1's and job 2's time on our
 * 2-core VMs). Kept for 5 s instead, the next job (it starts within a second) reuses them. Not longer:
 * at 30 s a large month's freed pages piled up in every thread's arena (scale 30: peak RSS 2.85 GB,
 * 2.41 GB at 5 s, 2.31 GB at 1 s, jobs as fast; scale 1 the same at 5 s and 30 s).
 * A value set in the environment wins.
 */
export const JOB_ALLOCATOR_CONF = "dirty_decay_ms:5000,muzzy_decay_ms:5000";

process.env.DUCKDB_JE_MALLOC_CONF ??= JOB_ALLOCATOR_CONF;
