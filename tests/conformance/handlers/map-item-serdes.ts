import { map, workflow, type Serdes } from "../../../lib/index";

/** Records "wrapped:<value>" as is, not as JSON. */
const wrapped: Serdes<string> = {
  serialize: (value) => `wrapped:${value}`,
  deserialize: (data) => (data ?? "").replace(/^wrapped:/, ""),
};

/** 9-14: each item recorded through its own serdes. */
export const mapItemSerdes = workflow("map-item-serdes", function* () {
  const batch = yield* map("serdes", ["x", "y"], function* (item) { return item.toUpperCase(); }, { maxConcurrency: 1, itemSerdes: wrapped });
  return batch.getResults();
});
