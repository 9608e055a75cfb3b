import { child, step, workflow } from "../../../lib/index";

/** 3-1: a child context with one step returning the input. */
export const childSingleStep = workflow("child-single-step", function* (input: string) {
  return yield* child("child", function* () { return yield* step("echo", () => input); });
});
