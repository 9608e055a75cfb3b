import { retry, step, workflow } from "../../../lib/index";

/** 1-14: fails twice, then succeeds; 2 s initial delay, x3 backoff, no jitter. */
export const stepCustomBackoff = workflow("step-custom-backoff", function* () {
  return yield* step("unreliable", (ctx) => {
    if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} fails`);
    return "succeeded";
  }, { retry: retry({ maxAttempts: 5, initialDelay: 2, backoffRate: 3, jitter: "none" }) });
});
