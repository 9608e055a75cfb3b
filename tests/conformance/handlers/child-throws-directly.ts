import { child, workflow } from "../../../lib/index";

/** 3-15: a child body that throws before any operation: ContextStarted, then ContextFailed. */
export const childThrowsDirectly = workflow("child-throws-directly", function* () {
  return yield* child("throwing-child", function* (): Generator<never, string, unknown> {
    throw new Error("thrown directly in the child");
  });
});
