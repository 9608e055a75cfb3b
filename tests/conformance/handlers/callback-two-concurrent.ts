import { createCallback, workflow } from "../../../lib/index";

/** 4-18: callbacks A and B both open; A's result first, then B's. */
export const callbackTwoConcurrent = workflow("callback-two-concurrent", function* (names: [string, string]) {
  const a = yield* createCallback<string>(names[0]);
  const b = yield* createCallback<string>(names[1]);
  const resultA = yield* a.result;
  const resultB = yield* b.result;
  return { a: resultA, b: resultB };
});
