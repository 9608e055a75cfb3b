import { test } from "uvu";
import * as assert from "uvu/assert";
import { LambdaClient, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { createCallback, map, step, wait, workflow, type Serdes } from "../../dsl/index";
import { historyDocument, replay } from "../../lib/replay/index";
import { httpService } from "../support/harness";

/** The official SDK's callback hands over what the sender sent, as it is. */
const rawText: Serdes<string> = { serialize: (value) => value, deserialize: (data) => data ?? "" };

/** The handler below, written with this library: same operations, same order, same names. */
const equivalent = workflow("official", function* (event: { name: string }) {
  const greeting = yield* step("greet", () => `Hello, ${event.name}`);
  yield* wait("pause", { seconds: 1 });
  const callback = yield* createCallback("approval", { serdes: rawText });
  yield* step("notify", () => callback.callbackId);
  const approval = yield* callback.result;
  const lengths = yield* map("lengths", ["a", "bb", "ccc"], function* (item) {
    return yield* step(`len-${item}`, () => item.length);
  });
  return { greeting, approval, lengths: lengths.succeeded().map((item) => item.result) };
});

test("a handler written with the official SDK runs unchanged on the local service, with the history AWS records", async () => {
  const local = await httpService();
  // The official SDK makes its client from the environment, as on Lambda.
  Object.assign(process.env, { AWS_ENDPOINT_URL_LAMBDA: local.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" });
  const lambda = new LambdaClient({ endpoint: local.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const handler = withDurableExecution(async (event: { name: string }, context: DurableContext) => {
      const greeting = await context.step("greet", async () => `Hello, ${event.name}`);
      await context.wait("pause", { seconds: 1 });
      const [answer, callbackId] = await context.createCallback<string>("approval");
      await context.step("notify", async () => callbackId);
      const approval = await answer;
      const lengths = await context.map("lengths", ["a", "bb", "ccc"], async (ctx, item) => ctx.step(`len-${item}`, async () => item.length));
      return { greeting, approval, lengths: lengths.getResults() };
    });
    local.service.register("official", { kind: "handler", durable: true, handler: handler as never });
    const execution = local.service.start("official", { name: "Ada" });
    for (let i = 0; i < 300 && !execution.all().some((op) => op.Type === "CALLBACK"); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const callbackId = execution.all().find((op) => op.Type === "CALLBACK")!.CallbackDetails!.CallbackId!;
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from("approved") }));
    const done = await local.service.result(execution.executionArn);
    assert.is(done.status, "SUCCEEDED", JSON.stringify(done.error));
    assert.equal(JSON.parse(done.result!), { greeting: "Hello, Ada", approval: "approved", lengths: [1, 2, 3] });
    const events = done.history.events.filter((event) => event.EventType !== "InvocationCompleted");
    assert.equal(events.slice(0, 8).map((event) => `${event.EventType}:${event.SubType ?? ""}:${event.Name ?? ""}`), [
      "ExecutionStarted::", "StepStarted:Step:greet", "StepSucceeded:Step:greet", "WaitStarted:Wait:pause", "WaitSucceeded:Wait:pause",
      "CallbackStarted:Callback:approval", "StepStarted:Step:notify", "StepSucceeded:Step:notify",
    ]);
    assert.ok(events.some((event) => event.EventType === "ContextSucceeded" && event.SubType === "Map" && event.Name === "lengths"));
    assert.is(events.filter((event) => event.SubType === "MapIteration" && event.EventType === "ContextSucceeded").length, 3);
    assert.equal((events[2]!.StepSucceededDetails as { Result: { Payload: string } }).Result.Payload, '"Hello, Ada"');
    assert.is(done.history.events.at(-1)!.EventType, "ExecutionSucceeded");
    assert.is(done.history.events.at(-2)!.EventType, "InvocationCompleted");

    const report = await replay(equivalent, JSON.parse(JSON.stringify(historyDocument({ executionArn: done.executionArn, events: done.history.events }))));
    assert.is(report.replays, true, "the official SDK's history replays with the equivalent workflow");
    assert.equal(report.result, { greeting: "Hello, Ada", approval: "approved", lengths: [1, 2, 3] });
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test.run();
