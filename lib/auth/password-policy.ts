/**
 * The password policy (NIST SP 800-63B style: length and a blocklist, no composition rules), shared by
 * the forms (as the user types), the API and `npm run user:create` (lib/db/users.ts enforces it with
 * the common-password list, which stays on the server). Safe to import from client components.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** bcrypt reads the first 72 bytes and ignores the rest: a longer password would be a lie. */
export const PASSWORD_MAX_BYTES = 72;

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters; not a common password or one made of your name or email.`;

export interface PasswordContext {
  email?: string;
  name?: string | null;
  /** The server passes the common-password list; forms leave it out. */
  isCommon?: (lower: string) => boolean;
}

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };
const KEYBOARD_ROWS = ["qwertyuiopasdfghjklzxcvbnm", "1234567890", "qazwsxedcrfvtgbyhnujmikolp", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"];

/** The first reason the password is refused, as a sentence for the form, or null when it is fine. */
export function passwordProblem(password: string, ctx: PasswordContext = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return `Use at most ${PASSWORD_MAX_BYTES} bytes (about ${PASSWORD_MAX_BYTES} letters).`;
  const lower = password.toLowerCase();
  if (new Set(lower).size < 4 || /^(.{1,6})\1+.{0,3}$/.test(lower)) return "This password is a short pattern repeated; choose something less predictable.";
  if (isSequence(lower)) return "This password is a sequence of keys or letters; choose something less predictable.";
  for (const part of personalParts(ctx)) {
    if (lower.includes(part)) return "Do not use your name or email address in the password.";
  }
  if (ctx.isCommon && commonCore(lower).some(ctx.isCommon)) return "This is one of the most common passwords; choose another.";
  return null;
}

/** `abcdefghijkl`, `123456789012`, `zyxwvutsrqpo`, or a run along a keyboard row. */
function isSequence(s: string): boolean {
  let steps = 0;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d === 1 || d === -1 || (s[i - 1] === "9" && s[i] === "0")) steps++;
  }
  if (steps >= s.length - 2) return true;
  const run = s.replace(/\d+$/, "");
  return run.length >= 8 && KEYBOARD_ROWS.some((row) => row.includes(run) || [...row].reverse().join("").includes(run));
}

/**
 * The user's name, the email whole, its local part and its domain's first label (and their pieces), 4
 * characters or longer: `ada@example.com1` passed while the local part alone was too short to count.
 */
function personalParts(ctx: PasswordContext): string[] {
  const email = ctx.email?.trim().toLowerCase() ?? "";
  const [local = "", domain = ""] = email.split("@");
  const words = [email, local, ...local.split(/[._+-]/), domain.split(".")[0] ?? "", ...(ctx.name ?? "").toLowerCase().split(/\s+/)];
  return [...new Set(words.filter((w) => w.length >= 4))];
}

/**
 * What a common password looks like once dressed up: as typed, with l33t letters undone, with digits
 * and symbols around it removed (`Password2024!`), and a doubled word halved (`dragondragon`).
 */
function commonCore(lower: string): string[] {
  const unleet = [...lower].map((c) => LEET[c] ?? c).join("");
  const out = new Set<string>([lower, unleet]);
  for (const v of [lower, unleet]) {
    const stripped = v.replace(/^[^a-z]+|[^a-z]+$/g, "");
    if (stripped.length >= 4) out.add(stripped);
    const half = v.length % 2 === 0 ? v.slice(0, v.length / 2) : "";
    if (half && half + half === v) out.add(half);
  }
  return [...out];
}
