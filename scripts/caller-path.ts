import path from "node:path";

/**
 * A path given on the command line, read from where the user typed the command: `npm run` starts a
 * script in the project's folder and says where it was called from in INIT_CWD. Without it (a script
 * started directly) the working directory is the caller's.
 */
export function callerPath(p: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
}
