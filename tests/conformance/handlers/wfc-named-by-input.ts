import { waitForCallback, workflow } from "../../../lib/index";

/** 7-1: a waitForCallback named by the input; returns what was sent. */
export const wfcNamedByInput = workflow("wfc-named-by-input", function* (name: string) {
  return yield* waitForCallback<string>(name, () => {});
});
