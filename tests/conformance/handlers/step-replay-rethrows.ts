import { retryPresets, step, wait, workflow } from "../../../lib/index";

/** 1-10: a failed step, caught, then a wait; the replay throws the recorded error again. */
export const stepReplayRethrows = workflow("step-replay-rethrows", function* () {
  let caught = "";
  try {
    yield* step("fails", () => { throw new Error("permanent failure"); }, { retry: retryPresets.none });
  } catch (error) {
    caught = (error as Error).message;
  }
  yield* wait("pause", 1);
  return caught;
});
