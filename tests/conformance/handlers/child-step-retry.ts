import { child, retry, step, workflow } from "../../../lib/index";

/** 3-7: a step in a child context fails once and succeeds on the retry. */
export const childStepRetry = workflow("child-step-retry", function* (input: string) {
  return yield* child("retrying-child", function* () {
    return yield* step("flaky", (ctx) => {
      if (ctx.attempt === 1) throw new Error("first attempt fails");
      return input;
    }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
  });
});
