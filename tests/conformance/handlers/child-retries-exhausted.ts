import { child, retry, step, workflow } from "../../../lib/index";

/** 3-8: a step in a child context that always fails, 2 attempts: the child context fails. */
export const childRetriesExhausted = workflow("child-retries-exhausted", function* () {
  return yield* child("failing-child", function* () {
    return yield* step("always-fails", (): string => { throw new Error("always fails"); }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
  });
});
