import { waitForCallback, workflow } from "../../../lib/index";

/** 7-13: a heartbeat keeps it open until the answer comes. */
export const wfcHeartbeatThenSuccess = workflow("wfc-heartbeat-then-success", function* (name: string) {
  return yield* waitForCallback<string>(name, () => {}, { heartbeatTimeout: 10 });
});
