import { map, step, workflow } from "../../../lib/index";

/** 9-12: flat nesting: no iteration contexts, the steps parented to the Map. */
export const mapFlat = workflow("map-flat", function* () {
  const batch = yield* map("flat", ["fa", "fb"], function* (item) { return yield* step("echo", () => item); }, { maxConcurrency: 1, nesting: "flat" });
  return batch.getResults();
});
