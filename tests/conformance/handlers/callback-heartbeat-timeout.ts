import { createCallback, workflow } from "../../../lib/index";

/** 4-4: a callback with a 5-second heartbeat timeout and no heartbeat: it times out. */
export const callbackHeartbeatTimeout = workflow("callback-heartbeat-timeout", function* (name: string) {
  const handle = yield* createCallback<string>(name, { heartbeatTimeout: 5 });
  return yield* handle.result;
});
