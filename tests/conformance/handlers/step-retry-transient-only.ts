import { step, workflow, type RetryStrategy } from "../../../lib/index";

class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientError";
  }
}

const retryOnTransient: RetryStrategy = (error, attempt) => (error instanceof TransientError && attempt < 3 ? { retry: true, delay: 1 } : { retry: false });

/** 1-15: a TransientError is retried by a strategy that retries only those. */
export const stepRetryTransientOnly = workflow("step-retry-transient-only", function* () {
  return yield* step("flaky", (ctx) => {
    if (ctx.attempt === 1) throw new TransientError("temporary glitch");
    return "recovered";
  }, { retry: retryOnTransient });
});
