import { CallbackTimeoutError, waitForCallback, workflow } from "../../../lib/index";

/** 7-14: the 3-second timeout is caught and handled. */
export const wfcTimeoutCaught = workflow("wfc-timeout-caught", function* (name: string) {
  try {
    return yield* waitForCallback<string>(name, () => {}, { timeout: 3 });
  } catch (error) {
    if (error instanceof CallbackTimeoutError) return "timed-out-handled";
    throw error;
  }
});
