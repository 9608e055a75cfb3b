import { retryPresets, step, workflow } from "../../../lib/index";

/** 1-19: a step that always throws, with no retries: the execution fails. */
export const stepFailsPermanently = workflow("step-fails-permanently", function* () {
  return yield* step("broken", () => { throw new Error("always broken"); }, { retry: retryPresets.none });
});
