import { createCallback, workflow } from "../../../lib/index";

/** 4-17: callback A answered, then callback B created and answered. */
export const callbackTwoSequential = workflow("callback-two-sequential", function* (names: [string, string]) {
  const a = yield* createCallback<string>(names[0]);
  const resultA = yield* a.result;
  const b = yield* createCallback<string>(names[1]);
  const resultB = yield* b.result;
  return { a: resultA, b: resultB };
});
