import { map, wait, workflow } from "../../../lib/index";

/** 9-17: a map, then a wait: the replay returns the recorded map. */
export const mapThenWait = workflow("map-then-wait", function* () {
  const batch = yield* map("then-wait", ["a", "b"], function* (item) { return item.toUpperCase(); }, { maxConcurrency: 1 });
  yield* wait("pause", 1);
  return batch.getResults();
});
