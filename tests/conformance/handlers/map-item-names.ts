import { map, workflow } from "../../../lib/index";

/** 9-13: iterations named by itemName. */
export const mapItemNames = workflow("map-item-names", function* (items: number[]) {
  const batch = yield* map("named-items", items, function* (item) { return item * 10; }, { maxConcurrency: 1, itemName: (item) => `item-${item}` });
  return batch.getResults();
});
