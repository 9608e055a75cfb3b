import { step, workflow } from "../../../lib/index";

/** 1-13: fails twice, succeeds on the third attempt, with the default retry strategy. */
export const stepDefaultRetry = workflow("step-default-retry", function* () {
  return yield* step("unreliable", (ctx) => {
    if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} fails`);
    return "succeeded";
  });
});
