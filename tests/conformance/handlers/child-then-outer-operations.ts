import { child, step, wait, workflow } from "../../../lib/index";

/** 3-18: a step and a wait in a child context, then a step and a wait after it. */
export const childThenOuterOperations = workflow("child-then-outer-operations", function* (input: string) {
  yield* child("inner", function* () {
    const value = yield* step("inner-step", () => input);
    yield* wait("inner-wait", 1);
    return value;
  });
  const outer = yield* step("outer-step", () => input);
  yield* wait("outer-wait", 1);
  return outer;
});
