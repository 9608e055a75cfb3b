import { map, workflow, type BatchResult, type OpGenerator } from "../../../lib/index";

function projection(batch: BatchResult<string>) {
  return { completionReason: batch.completionReason, status: batch.status, successCount: batch.successCount, failureCount: batch.failureCount, totalCount: batch.totalCount };
}

/** Items named "fail..." throw; the others return "ok". */
function* item(name: string): OpGenerator<string> {
  if (name.startsWith("fail")) throw new Error(`item failed ${name}`);
  return "ok";
}

/** 9-10: 50% failed over a tolerated 25%: stops early. */
export const mapToleratedPercentage = workflow("map-tolerated-percentage", function* () {
  return projection(yield* map("tolerated-pct", ["fail0", "fail1", "ok2", "ok3"], item, { maxConcurrency: 1, completion: { toleratedFailurePercentage: 25 } }));
});
