import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";

const config = [
  {
    ignores: [
      "node_modules/**", ".next/**", "data/**", ".data/**", ".scratch/**", "lib/db/generated/**", "infra/glue/**", "infra/lambda/**",
      "test-results/**", "playwright-report/**", "bench-data/**", "next-env.d.ts",
    ],
  },
  ...coreWebVitals,
  ...typescript,
];

export default config;
