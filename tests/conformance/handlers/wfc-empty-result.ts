import { waitForCallback, workflow } from "../../../lib/index";

/** 7-15: the callback succeeds without a result payload. */
export const wfcEmptyResult = workflow("wfc-empty-result", function* (name: string) {
  return yield* waitForCallback<string | undefined>(name, () => {});
});
