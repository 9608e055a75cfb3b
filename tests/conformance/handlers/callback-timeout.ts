import { createCallback, workflow } from "../../../lib/index";

/** 4-3: a callback with a 5-second timeout that nobody answers: the execution fails. */
export const callbackTimeout = workflow("callback-timeout", function* (name: string) {
  const handle = yield* createCallback<string>(name, { timeout: 5 });
  return yield* handle.result;
});
