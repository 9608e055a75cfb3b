import { waitForCallback, workflow } from "../../../lib/index";

/** 7-5: a 3-second timeout that nobody beats: the execution fails. */
export const wfcTimeoutUncaught = workflow("wfc-timeout-uncaught", function* (name: string) {
  return yield* waitForCallback<string>(name, () => {}, { timeout: 3 });
});
