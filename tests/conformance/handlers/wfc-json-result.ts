import { waitForCallback, workflow } from "../../../lib/index";

/** 7-11: the callback's JSON result read as an object; returns its status field. */
export const wfcJsonResult = workflow("wfc-json-result", function* (name: string) {
  const answer = yield* waitForCallback<{ status: string }>(name, () => {});
  return answer.status;
});
