import { step, workflow } from "../../../lib/index";

/** 1-3: the second step uses the first one's result. */
export const stepSequential = workflow("step-sequential", function* () {
  const first = yield* step("step_one", () => "first");
  return yield* step("step_two", () => `${first}_second`);
});
