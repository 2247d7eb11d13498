/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM engines stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "@electric-sql/pglite", "pg", "pg-copy-streams", "aws-local-stepfunctions"],
  poweredByHeader: false,
};

export default nextConfig;
