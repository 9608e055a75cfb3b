import { child, retryPresets, step, workflow } from "../../../lib/index";

/** 3-4: a step that fails (no retry) inside a child context: the execution fails. */
export const childStepFails = workflow("child-step-fails", function* () {
  return yield* child("failing-child", function* () {
    return yield* step("explode", (): string => { throw new Error("inner step failed"); }, { retry: retryPresets.none });
  });
});
