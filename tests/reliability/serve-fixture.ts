import { durableHandler, step, workflow } from "durable-gen";

/** Five steps, each its own checkpoint: enough calls for `durable serve --faults` to hit some. */
export const sum = workflow("sum", function* (input: { n: number }) {
  let total = 0;
  for (let i = 1; i <= input.n; i++) total += yield* step(`add ${i}`, async () => i);
  return total;
});

export const handler = durableHandler(sum);
