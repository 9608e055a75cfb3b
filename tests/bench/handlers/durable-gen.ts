// The one-step handler the bundle scenario builds with durable-gen. The client is the bench's in-memory one,
// handed in by the process that serves the invocation (a deployed handler leaves it out and gets a LambdaClient).
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler, step, workflow } from "../../../lib/index";

const greet = workflow("greet", function* (input: { name: string }) {
  return yield* step("greet", async () => `Hello, ${input.name}`);
});

export const makeHandler = (client: LambdaClient) => durableHandler(greet, { client });
