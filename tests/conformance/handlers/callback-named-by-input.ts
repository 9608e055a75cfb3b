import { createCallback, workflow } from "../../../lib/index";

/** 4-1: a callback named by the input; returns what the outside world sent. */
export const callbackNamedByInput = workflow("callback-named-by-input", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  return yield* handle.result;
});
