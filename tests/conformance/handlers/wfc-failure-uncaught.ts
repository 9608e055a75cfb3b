import { waitForCallback, workflow } from "../../../lib/index";

/** 7-4: the callback fails and the workflow does not catch it. */
export const wfcFailureUncaught = workflow("wfc-failure-uncaught", function* (name: string) {
  return yield* waitForCallback<string>(name, () => {});
});
