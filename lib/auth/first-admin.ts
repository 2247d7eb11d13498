import "server-only";
import { countUsers, createUser } from "../db/users";

let inFlight: Promise<unknown> | null = null;

/**
 * Creates the first admin only while there are no users. Calls are serialised in this process so two
 * quick submissions cannot both pass the "no users yet" check.
 */
export async function createFirstAdmin(input: { name: string; email: string; password: string }): Promise<{ id: string } | null> {
  while (inFlight) await inFlight.catch(() => undefined);
  const job = (async () => {
    if ((await countUsers()) > 0) return null;
    const user = await createUser({ email: input.email, name: input.name, password: input.password, role: "admin" });
    return { id: user.id };
  })();
  inFlight = job;
  try {
    return await job;
  } finally {
    inFlight = null;
  }
}
