import "server-only";
import { isCommonPassword } from "./common-passwords";
import { passwordProblem, type PasswordContext } from "./password-policy";

/** The whole policy, common-password list included: the API and the CLI refuse what this names. */
export const newPasswordProblem = (password: string, ctx: Omit<PasswordContext, "isCommon"> = {}): string | null =>
  passwordProblem(password, { ...ctx, isCommon: isCommonPassword });
