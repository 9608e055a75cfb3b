import { retry, step, workflow } from "../../../lib/index";

class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientError";
  }
}

/** 1-16: a strategy that does not retry TransientError: the step fails at once. */
export const stepNoRetryForTransient = workflow("step-no-retry-for-transient", function* () {
  return yield* step("flaky", () => { throw new TransientError("not retried"); }, { retry: retry({ retryable: ["PermanentOnly"] }) });
});
