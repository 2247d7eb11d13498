import { z } from "zod";
import { ROLES } from "../auth/roles";
import { newPasswordProblem } from "../auth/password-check";
import { plainText } from "../http/input";

/** Shared by the setup and admin APIs: what a new account needs; the password meets the policy. */
const account = z.object({
  name: plainText(100).trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid email address").max(200)),
  password: z.string().min(1, "Enter a password").max(200, "At most 200 characters"),
});

const passwordPolicy = (v: { name: string; email: string; password: string }, ctx: z.RefinementCtx) => {
  const problem = newPasswordProblem(v.password, { email: v.email, name: v.name });
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
};

export const newUserSchema = account.superRefine(passwordPolicy);

export const createUserSchema = account.extend({ role: z.enum(ROLES) }).superRefine(passwordPolicy);

export const updateUserSchema = z
  .object({ role: z.enum(ROLES).optional(), active: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, { message: "Give a role or an active flag" });
