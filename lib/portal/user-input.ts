import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

/** Shared by the setup and admin APIs (and their forms): what a new account needs. */
export const newUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid email address").max(200)),
  password: z.string().min(10, "Use at least 10 characters").max(200, "At most 200 characters"),
});

export const createUserSchema = newUserSchema.extend({ role: z.enum(ROLES) });

export const updateUserSchema = z
  .object({ role: z.enum(ROLES).optional(), active: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, { message: "Give a role or an active flag" });
