import { step, workflow } from "../../../lib/index";

/** 1-4: a step returning a nested object with arrays and mixed types. */
export const stepComplexResult = workflow("step-complex-result", function* (input: { name: string; tags: string[] }) {
  return yield* step("build", () => ({ user: { name: input.name, tags: input.tags }, count: input.tags.length }));
});
