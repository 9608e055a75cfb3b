import { waitForCallback, workflow } from "../../../lib/index";

/** 7-3: a waitForCallback with an inline submitter that only looks at the id. */
export const wfcInlineSubmitter = workflow("wfc-inline-submitter", function* () {
  return yield* waitForCallback<string>("inline", (callbackId) => { void callbackId; });
});
