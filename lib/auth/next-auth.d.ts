import type { Role } from "./roles";

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
  }
}
