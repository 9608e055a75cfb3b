import { CallbackFailedError, waitForCallback, workflow } from "../../../lib/index";

/** 7-6: the callback's failure is caught and the workflow recovers. */
export const wfcFailureCaught = workflow("wfc-failure-caught", function* (name: string) {
  try {
    return yield* waitForCallback<string>(name, () => {});
  } catch (error) {
    if (error instanceof CallbackFailedError) return "recovered";
    throw error;
  }
});
