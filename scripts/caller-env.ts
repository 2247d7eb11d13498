import path from "node:path";
import { callerPath } from "./caller-path";

// Imported first by each command: a relative DATA_DIR or CACHE_DIR typed before `npm run` is read from
// the folder it was typed in, as the command's file arguments are (it was read from the project's,
// so `DATA_DIR=dd npm --prefix …/shoplake run pipeline` wrote into the project).
for (const name of ["DATA_DIR", "CACHE_DIR"] as const) {
  const value = process.env[name];
  if (value && value !== "off" && !path.isAbsolute(value)) process.env[name] = callerPath(value);
}
