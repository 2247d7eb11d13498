// Vitest setup: `server-only` throws outside React Server Components; tests run server code directly.
import { vi } from "vitest";

vi.mock("server-only", () => ({}));
