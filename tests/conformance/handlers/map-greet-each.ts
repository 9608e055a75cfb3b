import { map, step, workflow } from "../../../lib/index";

/** 9-1: one step per item, one item at a time; the results in index order. */
export const mapGreetEach = workflow("map-greet-each", function* (names: string[]) {
  const batch = yield* map("map", names, function* (name) { return yield* step("greet", () => `Hello, ${name}!`); }, { maxConcurrency: 1 });
  return batch.getResults();
});
