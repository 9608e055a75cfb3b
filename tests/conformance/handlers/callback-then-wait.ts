import { createCallback, wait, workflow } from "../../../lib/index";

/** 4-12: the callback's result, then a 2-second wait. */
export const callbackThenWait = workflow("callback-then-wait", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  const result = yield* handle.result;
  yield* wait("pause", 2);
  return result;
});
