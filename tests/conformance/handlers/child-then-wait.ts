import { child, step, wait, workflow } from "../../../lib/index";

/** 3-9: a child context, then a wait; the replay returns the child's recorded result. */
export const childThenWait = workflow("child-then-wait", function* (input: string) {
  const result = yield* child("child", function* () { return yield* step("echo", () => input); });
  yield* wait("pause", 1);
  return result;
});
