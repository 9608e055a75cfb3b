import { child, step, workflow } from "../../../lib/index";

/** 3-6: a child context inside a child context, each with a step. */
export const childNested = workflow("child-nested", function* (input: string) {
  return yield* child("outer", function* () {
    yield* step("outer-step", () => input);
    return yield* child("inner", function* () { return yield* step("inner-step", () => input); });
  });
});
