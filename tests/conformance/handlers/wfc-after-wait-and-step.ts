import { step, wait, waitForCallback, workflow } from "../../../lib/index";

/** 7-10: a wait and a step first, then the waitForCallback. */
export const wfcAfterWaitAndStep = workflow("wfc-after-wait-and-step", function* (name: string) {
  yield* wait("pause", 1);
  yield* step("prepare", () => ({ ready: true }));
  return yield* waitForCallback<string>(name, () => {});
});
