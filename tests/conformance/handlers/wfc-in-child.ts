import { child, waitForCallback, workflow } from "../../../lib/index";

/** 7-8: a waitForCallback inside a child context named wrapper. */
export const wfcInChild = workflow("wfc-in-child", function* (name: string) {
  return yield* child("wrapper", function* () { return yield* waitForCallback<string>(name, () => {}); });
});
