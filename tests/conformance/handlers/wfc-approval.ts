import { waitForCallback, workflow } from "../../../lib/index";

/** 7-2: a waitForCallback named approval. */
export const wfcApproval = workflow("wfc-approval", function* () {
  return yield* waitForCallback<string>("approval", () => {});
});
