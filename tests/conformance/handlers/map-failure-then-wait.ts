import { map, wait, workflow, type BatchResult, type OpGenerator } from "../../../lib/index";

function projection(batch: BatchResult<string>) {
  return { completionReason: batch.completionReason, status: batch.status, successCount: batch.successCount, failureCount: batch.failureCount, totalCount: batch.totalCount };
}

/** Items named "fail..." throw; the others return "ok". */
function* item(name: string): OpGenerator<string> {
  if (name.startsWith("fail")) throw new Error(`item failed ${name}`);
  return "ok";
}

/** 9-18: a map with a tolerated failure, then a wait: the replay rebuilds status and counts. */
export const mapFailureThenWait = workflow("map-failure-then-wait", function* () {
  const batch = yield* map("fail-then-wait", ["ok", "fail"], item, { maxConcurrency: 1, completion: { toleratedFailureCount: 1 } });
  yield* wait("pause", 1);
  return projection(batch);
});
