import { child, step, wait, workflow } from "../../../lib/index";

/** 3-10: a step and a wait inside a child context. */
export const childStepAndWait = workflow("child-step-and-wait", function* (input: string) {
  return yield* child("mixed", function* () {
    const value = yield* step("echo", () => input);
    yield* wait("pause", 1);
    return value;
  });
});
