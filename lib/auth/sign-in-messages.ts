/** Turns next-auth's `error` code into a sentence for the sign-in form. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code.startsWith("RateLimited")) {
    const seconds = Number(code.split(":")[1]);
    const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15;
    return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (code === "CredentialsSignin") return "Email or password is incorrect.";
  if (code === "SessionRequired") return "Please sign in to continue.";
  return "Sign-in failed. Please try again.";
}
