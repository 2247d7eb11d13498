// No "server-only" here: proxy.ts imports this too (it is not a React Server Component).
import { appSecret } from "../config/secret";

/** Session JWTs are signed with the app secret (AUTH_SECRET, or one kept under DATA_DIR). */
export const authSecret = (): string => appSecret();
