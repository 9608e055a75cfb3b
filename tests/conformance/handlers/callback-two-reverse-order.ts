import { createCallback, workflow } from "../../../lib/index";

/** 4-19: callbacks A and B both open; B's result is awaited first. */
export const callbackTwoReverseOrder = workflow("callback-two-reverse-order", function* (names: [string, string]) {
  const a = yield* createCallback<string>(names[0]);
  const b = yield* createCallback<string>(names[1]);
  const resultB = yield* b.result;
  const resultA = yield* a.result;
  return { a: resultA, b: resultB };
});
