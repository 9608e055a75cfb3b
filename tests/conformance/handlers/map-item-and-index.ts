import { map, workflow } from "../../../lib/index";

/** 9-3: the item function receives the item and its index. */
export const mapItemAndIndex = workflow("map-item-and-index", function* (items: number[]) {
  const batch = yield* map("indexed", items, function* (item, index) { return item + index; }, { maxConcurrency: 1 });
  return batch.getResults();
});
