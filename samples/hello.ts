import { step, wait, workflow } from "durable-gen";

/** The smallest durable workflow: two steps with a wait between them. Try `durable run samples/hello.ts --input '"Ada"'`. */
export const hello = workflow("hello", function* (name: string) {
  const greeting = yield* step("greet", () => `Hello, ${name}!`);
  yield* wait("pause", { minutes: 1 });
  return yield* step("shout", () => greeting.toUpperCase());
});
