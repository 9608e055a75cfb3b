import { durableHandler, step, workflow } from "../../../lib/index";

/** 1-18: an at-most-once step whose first attempt's process exits; the retry succeeds. */
export const stepCrashThenRetry = workflow("step-crash-then-retry", function* (input: string) {
  return yield* step("at_most_once_step", (ctx) => {
    ctx.logger.info(`attempt ${ctx.attempt} for ${input}`);
    if (ctx.attempt === 1) process.exit(1);
    return "succeeded on second attempt";
  }, { semantics: "at-most-once", retry: (_error, attempt) => (attempt < 3 ? { retry: true, delay: 1 } : { retry: false }) });
});

export const handler = durableHandler(stepCrashThenRetry);
