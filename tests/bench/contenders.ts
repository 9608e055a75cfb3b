// The same workflows written with each library, as their users write them, built into Lambda handlers that talk
// to the given client. Step functions are identical (`async () => value`: the official SDK requires a promise).
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { NestingType, withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { durableHandler, map, step, wait, workflow } from "../../lib/index";
import type { Library } from "./measure";
import type { Handler } from "./service";

export type Nesting = "nested" | "flat";

export interface Contender {
  readonly name: Library;
  /** `{ n }`: n sequential steps, returning their sum. */
  steps(client: LambdaClient): Handler;
  /** `{ n, every }`: n sequential steps with a one-second wait after every `every` of them. */
  stepsWithWaits(client: LambdaClient): Handler;
  /** `{ n, maxConcurrency }`: a map of n one-step items, returning how many succeeded. */
  fanOut(client: LambdaClient, nesting: Nesting): Handler;
}

const silent = () => {};

const steps = workflow("steps", function* (input: { n: number }) {
  let total = 0;
  for (let i = 0; i < input.n; i++) total += yield* step(`step-${i}`, async () => i);
  return total;
});

const stepsWithWaits = workflow("steps-with-waits", function* (input: { n: number; every: number }) {
  let total = 0;
  for (let i = 0; i < input.n; i++) {
    total += yield* step(`step-${i}`, async () => i);
    if ((i + 1) % input.every === 0) yield* wait(`wait-${i}`, 1);
  }
  return total;
});

const fanOut = (nesting: Nesting) => workflow("fan-out", function* (input: { n: number; maxConcurrency: number }) {
  const items = Array.from({ length: input.n }, (_, i) => i);
  const batch = yield* map("items", items, function* (item) {
    return yield* step("work", async () => item * 2);
  }, { maxConcurrency: input.maxConcurrency, nesting });
  return batch.successCount;
});

export const ours: Contender = {
  name: "durable-gen",
  steps: (client) => durableHandler(steps, { client, log: silent }) as Handler,
  stepsWithWaits: (client) => durableHandler(stepsWithWaits, { client, log: silent }) as Handler,
  fanOut: (client, nesting) => durableHandler(fanOut(nesting), { client, log: silent }) as Handler,
};

export const official: Contender = {
  name: "official",
  steps: (client) => withDurableExecution(async (input: { n: number }, context: DurableContext) => {
    let total = 0;
    for (let i = 0; i < input.n; i++) total += await context.step(`step-${i}`, async () => i);
    return total;
  }, { client }) as unknown as Handler,
  stepsWithWaits: (client) => withDurableExecution(async (input: { n: number; every: number }, context: DurableContext) => {
    let total = 0;
    for (let i = 0; i < input.n; i++) {
      total += await context.step(`step-${i}`, async () => i);
      if ((i + 1) % input.every === 0) await context.wait(`wait-${i}`, { seconds: 1 });
    }
    return total;
  }, { client }) as unknown as Handler,
  fanOut: (client, nesting) => withDurableExecution(async (input: { n: number; maxConcurrency: number }, context: DurableContext) => {
    const items = Array.from({ length: input.n }, (_, i) => i);
    const batch = await context.map("items", items, async (itemContext, item) => itemContext.step("work", async () => item * 2), {
      maxConcurrency: input.maxConcurrency,
      nesting: nesting === "flat" ? NestingType.FLAT : NestingType.NESTED,
    });
    return batch.successCount;
  }, { client }) as unknown as Handler,
};

export const contenders: Record<Library, Contender> = { "durable-gen": ours, official };
