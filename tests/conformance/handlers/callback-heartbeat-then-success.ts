import { createCallback, workflow } from "../../../lib/index";

/** 4-5: a heartbeat keeps the callback open until the answer comes. */
export const callbackHeartbeatThenSuccess = workflow("callback-heartbeat-then-success", function* (name: string) {
  const handle = yield* createCallback<string>(name, { heartbeatTimeout: 10 });
  return yield* handle.result;
});
