import { createCallback, wait, workflow } from "../../../lib/index";

/** 4-11: the callback's 3-second timeout passes during a 6-second wait. */
export const callbackTimesOutDuringWait = workflow("callback-times-out-during-wait", function* (name: string) {
  const handle = yield* createCallback<string>(name, { timeout: 3 });
  yield* wait("pause", 6);
  return yield* handle.result;
});
