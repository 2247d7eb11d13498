import type { Role } from "./roles";

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    /** The UserSession row this cookie names. */
    sid?: string;
    /** Its fixed end, in seconds since the epoch. */
    sessionEnd?: number;
  }
}
