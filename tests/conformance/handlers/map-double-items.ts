import { map, workflow } from "../../../lib/index";

/** 9-2: items doubled without any inner operation. */
export const mapDoubleItems = workflow("map-double-items", function* (items: number[]) {
  const batch = yield* map("double", items, function* (item) { return item * 2; }, { maxConcurrency: 1 });
  return batch.getResults();
});
