import { createCallback, workflow } from "../../../lib/index";

/** 4-6: the outside world fails the callback; the workflow does not catch it. */
export const callbackFailureUncaught = workflow("callback-failure-uncaught", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  return yield* handle.result;
});
