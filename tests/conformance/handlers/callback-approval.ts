import { createCallback, workflow } from "../../../lib/index";

/** 4-2: a callback named "approval". */
export const callbackApproval = workflow("callback-approval", function* () {
  const handle = yield* createCallback<string>("approval");
  return yield* handle.result;
});
