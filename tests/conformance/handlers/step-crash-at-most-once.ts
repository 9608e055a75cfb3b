import { durableHandler, step, workflow } from "../../../lib/index";

/** 1-17: an at-most-once step with no retries whose process exits mid-attempt: the interrupted attempt fails the step. */
export const stepCrashAtMostOnce = workflow("step-crash-at-most-once", function* (input: string) {
  return yield* step("at_most_once_flaky_step", (ctx) => {
    ctx.logger.info(`about to crash for ${input}`);
    process.exit(1);
  }, { semantics: "at-most-once", retry: () => ({ retry: false }) });
});

export const handler = durableHandler(stepCrashAtMostOnce);
