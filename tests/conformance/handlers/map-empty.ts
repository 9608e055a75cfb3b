import { map, workflow } from "../../../lib/index";

/** 9-4: an empty list: the Map context still starts and succeeds. */
export const mapEmpty = workflow("map-empty", function* () {
  const batch = yield* map("empty", [] as string[], function* (item) { return item; });
  return batch.getResults();
});
