import { step, wait, workflow } from "../../../lib/index";

/** 1-8: a step, then a wait; the replay skips the step. */
export const stepThenWait = workflow("step-then-wait", function* () {
  const result = yield* step("compute", () => "computed");
  yield* wait("pause", 2);
  return result;
});
