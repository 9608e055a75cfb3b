import { child, step, workflow } from "../../../lib/index";

/** 3-3: two steps in a child context, the second given the first one's result. */
export const childSequentialSteps = workflow("child-sequential-steps", function* (input: string) {
  return yield* child("pipeline", function* () {
    const first = yield* step("first", () => input);
    return yield* step("second", () => first);
  });
});
