import { map, workflow, type BatchResult, type OpGenerator } from "../../../lib/index";

function projection(batch: BatchResult<string>) {
  return { completionReason: batch.completionReason, status: batch.status, successCount: batch.successCount, failureCount: batch.failureCount, totalCount: batch.totalCount };
}

/** Items named "fail..." throw; the others return "ok". */
function* item(name: string): OpGenerator<string> {
  if (name.startsWith("fail")) throw new Error(`item failed ${name}`);
  return "ok";
}

/** 9-8: one failure within a tolerance of one: all items complete. */
export const mapToleratedFailure = workflow("map-tolerated-failure", function* () {
  return projection(yield* map("tolerated", ["ok0", "fail1", "ok2"], item, { maxConcurrency: 1, completion: { toleratedFailureCount: 1 } }));
});
