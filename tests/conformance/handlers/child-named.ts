import { child, step, workflow } from "../../../lib/index";

/** 3-2: a child context named by the input. */
export const childNamed = workflow("child-named", function* (input: { name: string; value: string }) {
  return yield* child(input.name, function* () { return yield* step("echo", () => input.value); });
});
