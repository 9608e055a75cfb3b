import { createCallback, CallbackFailedError, wait, workflow } from "../../../lib/index";

/** 4-13: the callback's failure is caught; a wait follows. */
export const callbackFailureCaught = workflow("callback-failure-caught", function* (name: string) {
  const handle = yield* createCallback<string>(name);
  let message: string;
  try {
    message = yield* handle.result;
  } catch (error) {
    message = `callback failed: ${(error as CallbackFailedError).errorType}`;
  }
  yield* wait("pause", 2);
  return message;
});
