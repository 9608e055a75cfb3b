/**
 * A failure of the invocation rather than of the execution (a checkpoint call that failed, a recorded payload
 * that cannot be read, an event the service should not have sent): the handler rethrows it so Lambda retries the
 * invocation; nothing recorded is lost.
 */
export class InvocationError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = "InvocationError";
  }
}
