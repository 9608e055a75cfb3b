import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler, InvalidEventError, step, wait, workflow } from "../../lib/index";
import type { LocalHttpServer } from "../../lib/local/http";
import type { LocalService } from "../../lib/local/service";
import { httpService, newExecution } from "../support/harness";

const handlerSuite = suite<{ service: LocalService; server: LocalHttpServer; url: string; client: LambdaClient; close: () => Promise<void> }>("durableHandler over client-lambda", {
  service: undefined as never, server: undefined as never, url: "", client: undefined as never, close: async () => {},
});

handlerSuite.before(async (context) => {
  Object.assign(context, await httpService());
  context.client = new LambdaClient({ endpoint: context.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
});

handlerSuite.after(async (context) => {
  context.client.destroy();
  await context.close();
});

handlerSuite.after.each((context) => {
  context.server.faults = undefined;
});

const order = workflow("order", function* (input: { id: string; qty: number }) {
  const price = yield* step("price", () => input.qty * 5);
  yield* wait("cool-off", { minutes: 5 });
  const charged = yield* step("charge", () => ({ id: input.id, charged: price }));
  return charged;
});

/** The event as Lambda delivers it: JSON, so timestamps and all go through serialization. */
function lambdaEvent(execution: ReturnType<typeof newExecution>): unknown {
  return JSON.parse(JSON.stringify(execution.event()));
}

handlerSuite("runs a workflow across invocations through the real client over HTTP", async ({ service, client }) => {
  const handler = durableHandler(order, { client, log: () => {} });
  const execution = service.adopt(newExecution({ id: "o-1", qty: 3 }));
  assert.equal(await handler(lambdaEvent(execution), {}), { Status: "PENDING" });
  assert.equal(execution.checkpoints.map((call) => call.map((update) => `${update.Name} ${update.Action}`)), [["price START", "price SUCCEED"], ["cool-off START"]]);
  execution.completeWait("cool-off");
  assert.equal(await handler(lambdaEvent(execution), {}), { Status: "SUCCEEDED", Result: '{"id":"o-1","charged":15}' });
});

handlerSuite("pages the initial state with GetDurableExecutionState (MaxItems 1000) when the event has a NextMarker", async ({ service, server, client }) => {
  const many = workflow("many", function* () {
    let total = 0;
    for (let i = 0; i < 1200; i++) total += yield* step(`s${i}`, () => 1);
    return total;
  });
  const execution = service.adopt(newExecution());
  const direct = durableHandler(many, { client, log: () => {} });
  assert.equal(await direct(lambdaEvent(execution)), { Status: "SUCCEEDED", Result: "1200" });
  const requests: string[] = [];
  server.faults = ({ method, path, query }) => { requests.push(`${method} ${path.split("/").at(-1)} ${query.get("MaxItems")} ${query.get("Marker")}`); return undefined; };
  const full = execution.event();
  const firstPage = { ...full, InitialExecutionState: { Operations: full.InitialExecutionState.Operations!.slice(0, 1), NextMarker: "1" } };
  const checkpointsBefore = execution.checkpoints.length;
  assert.equal(await direct(JSON.parse(JSON.stringify(firstPage))), { Status: "SUCCEEDED", Result: "1200" });
  assert.equal(requests, ["GET state 1000 1", "GET state 1000 1001"], "1200 operations after the first come in two pages");
  assert.is(execution.checkpoints.length, checkpointsBefore, "the replay ran no step again");
});

handlerSuite("throttling, server errors and a stale token are rethrown so Lambda retries the invocation", async ({ service, server, client }) => {
  const handler = durableHandler(order, { client, log: () => {} });
  for (const fault of [
    { status: 429, type: "TooManyRequestsException", message: "Rate exceeded" },
    { status: 500, type: "ServiceException", message: "internal" },
    { status: 503, type: "ServiceUnavailableException", message: "unavailable" },
    { status: 400, type: "InvalidParameterValueException", message: "Invalid Checkpoint Token: stale" },
  ]) {
    const execution = service.adopt(newExecution({ id: "o", qty: 1 }));
    server.faults = () => fault;
    await handler(lambdaEvent(execution)).then(
      () => assert.unreachable(`${fault.status} should be rethrown`),
      (error: Error) => assert.is(error.name, fault.type),
    );
    server.faults = undefined;
    assert.equal(await handler(lambdaEvent(execution)), { Status: "PENDING" }, "the retried invocation goes on");
  }
});

handlerSuite("a stale token from the service itself is rejected and rethrown", async ({ service, client }) => {
  const handler = durableHandler(order, { client, log: () => {} });
  const execution = service.adopt(newExecution({ id: "o", qty: 1 }));
  const stale = lambdaEvent(execution);
  assert.equal(await handler(lambdaEvent(execution)), { Status: "PENDING" });
  execution.completeWait("cool-off");
  await handler(stale).then(() => assert.unreachable("a stale token must fail the invocation"), (error: Error) => assert.match(error.message, /Invalid Checkpoint Token/));
});

handlerSuite("other 4xx errors fail the execution with a clear error", async ({ service, server, client }) => {
  const handler = durableHandler(order, { client, log: () => {} });
  const execution = service.adopt(newExecution({ id: "o", qty: 1 }));
  server.faults = () => ({ status: 400, type: "InvalidParameterValueException", message: "Payload too large" });
  const output = await handler(lambdaEvent(execution));
  assert.equal(output, { Status: "FAILED", Error: { ErrorType: "CheckpointFailedError", ErrorMessage: "the service rejected a checkpoint (InvalidParameterValueException): Payload too large" } });
});

handlerSuite("an event that is not a durable invocation gets a clear error", async ({ client }) => {
  const handler = durableHandler(order, { client });
  for (const [event, message] of [
    [{ hello: "world" }, /DurableExecutionArn is missing\. Is the function configured with DurableConfig\?/],
    [null, /expected a durable invocation event/],
    [{ DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: {} } }, /Operations must be an array, got \{\}/],
    [{ DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: [{ Id: "a", Type: "STEPP", Status: "STARTED" }] } }, /Operations\[0\]\.Type is "STEPP"; expected one of/],
    [{ DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: [{ Id: "a", Type: "STEP", Status: "DONE" }] } }, /Operations\[0\]\.Status is "DONE"/],
  ] as const) {
    await handler(event).then(() => assert.unreachable(), (error: Error) => {
      assert.instance(error, InvalidEventError);
      assert.match(error.message, message);
    });
  }
  assert.throws(() => durableHandler({} as never), /durableHandler\(\) needs a workflow made with workflow\(name, function\* \.\.\.\)/);
});

handlerSuite("input comes from the EXECUTION operation; an input that is not JSON fails the execution clearly", async ({ service, client }) => {
  const echo = workflow("echo", function* (input: unknown) { return input; });
  const handler = durableHandler(echo, { client });
  const execution = service.adopt(newExecution({ nested: [1, 2] }));
  assert.equal(await handler(lambdaEvent(execution)), { Status: "SUCCEEDED", Result: '{"nested":[1,2]}' });
  const broken = lambdaEvent(execution) as { InitialExecutionState: { Operations: { ExecutionDetails: { InputPayload: string } }[] } };
  broken.InitialExecutionState.Operations[0]!.ExecutionDetails.InputPayload = "{not json";
  const output = await handler(broken);
  assert.is(output.Status, "FAILED");
  assert.match(JSON.stringify(output), /InvalidInputError.*not JSON/);
});

handlerSuite("by default a LambdaClient is made, which honours AWS_ENDPOINT_URL_LAMBDA", async ({ service, url }) => {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL_LAMBDA: url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" });
  try {
    const handler = durableHandler(order, { log: () => {} });
    const execution = service.adopt(newExecution({ id: "env", qty: 2 }));
    assert.equal(await handler(lambdaEvent(execution)), { Status: "PENDING" });
    assert.is(execution.checkpoints.length, 2);
  } finally {
    process.env = saved;
  }
});

handlerSuite.run();
