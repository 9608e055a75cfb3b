import { map, workflow, type BatchResult, type OpGenerator } from "../../../lib/index";

function projection(batch: BatchResult<string>) {
  return { completionReason: batch.completionReason, status: batch.status, successCount: batch.successCount, failureCount: batch.failureCount, totalCount: batch.totalCount };
}

/** Items named "fail..." throw; the others return "ok". */
function* item(name: string): OpGenerator<string> {
  if (name.startsWith("fail")) throw new Error(`item failed ${name}`);
  return "ok";
}

/** 9-7: minSuccessful 2: completes after two items; items 2 and 3 never start. */
export const mapMinSuccessful = workflow("map-min-successful", function* () {
  return projection(yield* map("min-successful", ["ok0", "ok1", "ok2", "ok3"], item, { maxConcurrency: 1, completion: { minSuccessful: 2 } }));
});
