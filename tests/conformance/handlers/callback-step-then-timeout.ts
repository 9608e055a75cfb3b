import { createCallback, step, workflow } from "../../../lib/index";

/** 4-8: a callback with a 5-second timeout, a step, then the callback's result: it timed out. */
export const callbackStepThenTimeout = workflow("callback-step-then-timeout", function* (name: string) {
  const handle = yield* createCallback<string>(name, { timeout: 5 });
  yield* step("between", () => "working");
  return yield* handle.result;
});
