import { step, workflow } from "../../../lib/index";

/** 1-5: a step that returns nothing. */
export const stepNullResult = workflow("step-null-result", function* () {
  return yield* step("do_nothing", () => null);
});
