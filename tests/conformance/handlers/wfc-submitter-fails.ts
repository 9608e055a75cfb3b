import { retry, waitForCallback, workflow } from "../../../lib/index";

/** 7-7: a submitter that throws on both of its 2 attempts: the operation fails. */
export const wfcSubmitterFails = workflow("wfc-submitter-fails", function* (name: string) {
  return yield* waitForCallback<string>(name, () => { throw new Error("cannot submit"); }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
});
