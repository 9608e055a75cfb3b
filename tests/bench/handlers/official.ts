// The one-step handler the bundle scenario builds with the official SDK. The client is the bench's in-memory one,
// handed in by the process that serves the invocation (a deployed handler leaves it out and gets a LambdaClient).
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export const makeHandler = (client: LambdaClient) => withDurableExecution(async (input: { name: string }, context: DurableContext) => {
  return context.step("greet", async () => `Hello, ${input.name}`);
}, { client });
