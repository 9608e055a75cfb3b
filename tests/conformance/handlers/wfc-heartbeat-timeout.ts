import { waitForCallback, workflow } from "../../../lib/index";

/** 7-12: a 5-second heartbeat timeout and no heartbeat: it times out. */
export const wfcHeartbeatTimeout = workflow("wfc-heartbeat-timeout", function* (name: string) {
  return yield* waitForCallback<string>(name, () => {}, { heartbeatTimeout: 5 });
});
