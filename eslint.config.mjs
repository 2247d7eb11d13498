import { FlatCompat } from "@eslint/eslintrc";
import path from "node:path";

const compat = new FlatCompat({ baseDirectory: path.dirname(new URL(import.meta.url).pathname) });

export default [
  { ignores: ["node_modules/**", ".next/**", "data/**", ".data/**", "lib/db/generated/**", "infra/glue/**", "test-results/**", "playwright-report/**", "bench-data/**", "next-env.d.ts"] },
  ...compat.extends("next/core-web-vitals", "next/typescript"),
];
