import { step, workflow } from "../../../lib/index";

/** 1-1: a single step that greets its input. */
export const stepGreet = workflow("step-greet", function* (name: string) {
  return yield* step("greet", () => `Hello, ${name}!`);
});
