// npm run db:migrate: opens the configured database (PGlite under DATA_DIR, or DATABASE_URL) and applies
// pending migrations, as the app does at start-up.
import "./caller-env"; // first: the environment as typed, before anything reads it
import { closeDb, openDb } from "../lib/db/client";
import { isAppError } from "../lib/errors";

const USAGE = "usage: npm run db:migrate   (applies pending migrations to DATA_DIR's database, or DATABASE_URL's)";
const args = process.argv.slice(2);
if (args.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`unexpected argument: ${args[0]}\n${USAGE}`);
  process.exit(2);
}

openDb()
  .then(() => closeDb())
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(isAppError(e) ? e.message : e);
    process.exit(1);
  });
