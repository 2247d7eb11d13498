import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { dbTargets } from "./helpers/targets";
import { npmScriptArgs } from "../support/npm-script";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The parent's environment without its own database settings. */
function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATA_DIR;
  delete env.DATABASE_URL;
  return env;
}

/** Runs the CLI exactly as `npm run user:create -- …` does. */
function userCreate(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...npmScriptArgs("user:create"), ...args], {
      cwd: ROOT,
      env: { ...inherited(), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run user:create: bad arguments", () => {
  it.each([
    [[], /--email is required/],
    [["--email", "a@b.c", "--password", "pw", "--role", "boss"], /--role must be one of admin, ops, client, manager/],
    [["--email", "a@b.c", "--role", "ops"], /--password is required/],
    [["--email", "a@b.c", "--password", "pw", "--role", "ops", "--bogus"], /Unknown option '--bogus'/],
    // The password policy (issue 11, item 15): main created these users.
    [["--email", "a@b.c", "--password", "abc", "--role", "ops"], /--password: Use at least 12 characters\./],
    [["--email", "a@b.c", "--password", "aaaaaaaaaaaaaaaa", "--role", "ops"], /--password: This password is a short pattern repeated/],
    [["--email", "a@b.c", "--password", "Password2024!", "--role", "ops"], /--password: This is one of the most common passwords/],
    [["--email", "ann.smith@b.c", "--password", "ann.smith-forever", "--role", "ops"], /--password: Do not use your name or email address/],
    // The email whole, though its local part is too short to count alone (a probe's admin used "ada@example.com1").
    [["--email", "ada@example.com", "--password", "ada@example.com1", "--role", "ops"], /--password: Do not use your name or email address/],
  ])("%j exits 2 with a usage line", async (args, message) => {
    const r = await userCreate(args as string[], { DATA_DIR: "/nonexistent/never-created" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("usage: npm run user:create -- --email E --password P --role admin|ops|client|manager");
    expect(r.stdout).toBe("");
  });
});

for (const target of dbTargets()) {
  describe(`npm run user:create [${target.name}]`, () => {
    it("creates the user, prints only its id, and refuses a duplicate email", async () => {
      const loc = await target.create();
      const env: Record<string, string> = loc.url ? { DATABASE_URL: loc.url } : { DATA_DIR: loc.options.dataDir! };
      try {
        const r = await userCreate(["--email", "Boss@Example.com", "--password", "correct horse battery", "--role", "admin", "--name", "Boss"], env);
        expect(r.stderr).not.toMatch(/Error/);
        expect(r.code).toBe(0);
        const id = r.stdout.trim();
        expect(id).toMatch(/^[0-9a-f-]{36}$/);

        const dup = await userCreate(["--email", "boss@example.com", "--password", "violet-kettle-drums", "--role", "ops"], env);
        expect(dup.code).toBe(1);
        expect(dup.stderr).toMatch(/already exists/);

        const db = await createDb(loc.options);
        try {
          const user = await db.prisma.user.findUniqueOrThrow({ where: { id } });
          expect(user).toMatchObject({ email: "boss@example.com", role: "admin", name: "Boss", active: true });
          expect(await db.prisma.user.count()).toBe(1);
        } finally {
          await db.close();
        }
      } finally {
        await loc.drop();
        if (loc.options.dataDir) await rm(loc.options.dataDir, { recursive: true, force: true });
      }
    });
  });
}
