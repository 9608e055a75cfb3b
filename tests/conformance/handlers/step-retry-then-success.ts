import { retry, step, workflow } from "../../../lib/index";

/** 1-11: fails once, succeeds on the retry. */
export const stepRetryThenSuccess = workflow("step-retry-then-success", function* () {
  return yield* step("unreliable", (ctx) => {
    if (ctx.attempt === 1) throw new Error("first attempt fails");
    return "Operation succeeded";
  }, { retry: retry({ maxAttempts: 3, initialDelay: 1, jitter: "none" }) });
});
