import { map, workflow } from "../../../lib/index";

/** 9-11: two items at a time; the results stay in index order. */
export const mapConcurrent = workflow("map-concurrent", function* () {
  const batch = yield* map("concurrent", ["i0", "i1", "i2"], function* (_item, index) { return `r${index}`; }, { maxConcurrency: 2 });
  return batch.getResults();
});
