import { waitForCallback, workflow } from "../../../lib/index";

/** 7-9: two waitForCallbacks, one after the other; returns the second result. */
export const wfcTwoSequential = workflow("wfc-two-sequential", function* () {
  yield* waitForCallback<string>("first", () => {});
  return yield* waitForCallback<string>("second", () => {});
});
