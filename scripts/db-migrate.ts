// npm run db:migrate: opens the configured database (PGlite under DATA_DIR, or DATABASE_URL) and applies
// pending migrations, as the app does at start-up.
import "./caller-env"; // first: the environment as typed, before anything reads it
import { closeDb, openDb } from "../lib/db/client";

openDb()
  .then(() => closeDb())
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
