import "./polyfill";
import { StateMachine } from "aws-local-stepfunctions";
import { fillAsl, LOCAL_ASL_VALUES, loadAslTemplate } from "./asl";

let machine: Promise<StateMachine> | null = null;

/**
 * The ASL file as a local state machine, validated once per process: validation compiles the ASL
 * JSON schema (0.1–0.3 s), and one machine runs any number of executions. The file is read once,
 * so an edited ASL takes effect on the next start of the process.
 */
export function localStateMachine(): Promise<StateMachine> {
  if (!machine) {
    machine = loadAslTemplate().then(
      (t) => new StateMachine(fillAsl(t, LOCAL_ASL_VALUES) as never, { validationOptions: { checkArn: false } }),
    );
    machine.catch(() => (machine = null)); // a broken file is reported again by the next run
  }
  return machine;
}
