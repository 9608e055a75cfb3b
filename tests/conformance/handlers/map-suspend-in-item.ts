import { map, step, wait, workflow } from "../../../lib/index";

/** 9-15: item 1 waits; the next invocation replays item 0 and finishes item 1. */
export const mapSuspendInItem = workflow("map-suspend-in-item", function* () {
  const batch = yield* map("suspend", ["r0", "r1"], function* (item, index) {
    if (index === 1) yield* wait("pause", 1);
    return yield* step("finish", () => item);
  }, { maxConcurrency: 1 });
  return batch.getResults();
});
