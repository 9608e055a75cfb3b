import { child, workflow } from "../../../lib/index";

/** 3-16: a child body that returns null without any operation. */
export const childReturnsNull = workflow("child-returns-null", function* () {
  return yield* child("null-child", function* () { return null; });
});
