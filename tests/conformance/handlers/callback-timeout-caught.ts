import { createCallback, CallbackTimeoutError, wait, workflow } from "../../../lib/index";

/** 4-14: the callback's timeout is caught; a wait follows. */
export const callbackTimeoutCaught = workflow("callback-timeout-caught", function* (name: string) {
  const handle = yield* createCallback<string>(name, { timeout: 3 });
  let message: string;
  try {
    message = yield* handle.result;
  } catch (error) {
    message = error instanceof CallbackTimeoutError ? "timed out" : "failed";
  }
  yield* wait("pause", 2);
  return message;
});
