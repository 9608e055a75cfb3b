import { createCallback, wait, workflow } from "../../../lib/index";

/** 4-9: the callback is answered while the workflow waits 5 seconds. */
export const callbackResolvesDuringWait = workflow("callback-resolves-during-wait", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  yield* wait("pause", 5);
  return yield* handle.result;
});
