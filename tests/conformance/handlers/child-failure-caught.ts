import { child, retryPresets, step, workflow } from "../../../lib/index";

/** 3-5: a child context's failure is caught by the parent, which recovers with a step. */
export const childFailureCaught = workflow("child-failure-caught", function* (input: string) {
  try {
    yield* child("failing-child", function* () {
      return yield* step("explode", (): string => { throw new Error("inner step failed"); }, { retry: retryPresets.none });
    });
  } catch {
    // The parent recovers below.
  }
  return yield* step("recover", () => input);
});
