import { step, wait, workflow } from "../../../lib/index";

/** 1-9: a step's recorded result comes back on replay, after a wait. */
export const stepReplayCached = workflow("step-replay-cached", function* () {
  const value = yield* step("cache", () => "cached_value");
  yield* wait("pause", 1);
  return value;
});
