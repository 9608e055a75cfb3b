import { step, workflow } from "../../../lib/index";

/** 1-2: a step with an explicit name. */
export const stepNamed = workflow("step-named", function* (name: string) {
  return yield* step("custom_step_name", () => `Hello, ${name}!`);
});
