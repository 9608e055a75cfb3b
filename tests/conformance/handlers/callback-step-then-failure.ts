import { createCallback, step, workflow } from "../../../lib/index";

/** 4-7: a callback, a step, then the callback's result, which is a failure. */
export const callbackStepThenFailure = workflow("callback-step-then-failure", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  yield* step("between", () => "working");
  return yield* handle.result;
});
