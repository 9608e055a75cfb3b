import { createCallback, wait, workflow } from "../../../lib/index";

/** 4-10: the callback fails while the workflow waits 5 seconds. */
export const callbackFailsDuringWait = workflow("callback-fails-during-wait", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  yield* wait("pause", 5);
  return yield* handle.result;
});
