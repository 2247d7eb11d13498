// npm run user:create -- --email E --password P --role admin|ops|client|manager [--name N]
import "./caller-env"; // first: the environment as typed, before anything reads it
import { parseArgs } from "node:util";
import { ROLES, type Role } from "../lib/auth/roles";
import { newPasswordProblem } from "../lib/auth/password-check";
import { isAppError } from "../lib/errors";

const USAGE = `usage: npm run user:create -- --email E --password P --role ${ROLES.join("|")} [--name N]`;

function badArgs(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parse(argv: string[]): { email: string; password: string; role: Role; name?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    badArgs((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { email, password, role, name } = values;
  if (!email || !email.includes("@")) badArgs("--email is required and must be an email address");
  if (!password) badArgs("--password is required");
  if (!role || !(ROLES as readonly string[]).includes(role)) badArgs(`--role must be one of ${ROLES.join(", ")}`);
  // The same password policy as the portal's forms and API, common-password list included.
  const weak = newPasswordProblem(password, { email, name });
  if (weak) badArgs(`--password: ${weak}`);
  return { email, password, role: role as Role, name };
}

async function main(): Promise<number> {
  const input = parse(process.argv.slice(2));
  // Loaded after the arguments are checked: a usage error answers at once, without opening Prisma.
  const { closeDb } = await import("../lib/db/client");
  const { createUser } = await import("../lib/db/users");
  try {
    const user = await createUser(input);
    console.log(user.id);
    return 0;
  } catch (e) {
    if (isAppError(e)) {
      console.error(e.message);
      return e.status === 409 ? 1 : 2;
    }
    throw e;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
