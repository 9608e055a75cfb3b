import { retry, step, workflow } from "../../../lib/index";

/** 1-12: always fails; 4 attempts in all, 1 s apart. */
export const stepRetryExhausted = workflow("step-retry-exhausted", function* () {
  return yield* step("always_fails", () => { throw new Error("always fails"); }, { retry: retry({ maxAttempts: 4, initialDelay: 1, backoffRate: 1, jitter: "none" }) });
});
