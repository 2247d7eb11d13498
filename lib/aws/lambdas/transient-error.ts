/** A failure worth trying again: the state machine's Retry on the function's task matches this name. */
export class TransientError extends Error {
  override name = "TransientError";
}
