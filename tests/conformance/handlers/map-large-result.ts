import { map, workflow } from "../../../lib/index";

/** 9-16: four items of about 70 KB each: the batch result is recorded as a summary. */
export const mapLargeResult = workflow("map-large-result", function* () {
  const batch = yield* map("large", [0, 1, 2, 3], function* (index) { return String(index).repeat(70_000); }, { maxConcurrency: 1 });
  return { successCount: batch.successCount, totalCount: batch.totalCount };
});
