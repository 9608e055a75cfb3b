import { child, step, wait, workflow } from "../../../lib/index";

/** 3-13: a child context holding only a wait, then a step outside it. */
export const childWaitOnly = workflow("child-wait-only", function* (input: string) {
  yield* child("waiting-child", function* () {
    yield* wait("pause", 1);
    return input;
  });
  return yield* step("after", () => input);
});
