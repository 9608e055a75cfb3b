import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { step, workflow } from "../../../dsl/index";
import { InvocationError } from "../../../interpreter/invocation-error";
import { durableHandler } from "../../../lib/handler";
import type { LocalService } from "../../../lib/local/service";
import { httpService, newExecution } from "../../support/harness";

// The Lambda handler's own failure paths, through the real client-lambda over HTTP to the local service; a client
// middleware stands for a service (or a client) that misbehaves.
const handlerErrors = suite<{ service: LocalService; url: string; close: () => Promise<void> }>("durableHandler failure paths", {
  service: undefined as never, url: "", close: async () => {},
});

handlerErrors.before(async (context) => {
  const { service, url, close } = await httpService();
  Object.assign(context, { service, url, close });
});
handlerErrors.after(async ({ close }) => close());

function clientFor(url: string, middleware?: (command: string, output: Record<string, unknown>) => unknown): LambdaClient {
  const client = new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  if (middleware !== undefined) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const replaced = middleware(String(context.commandName), result.output as unknown as Record<string, unknown>);
        return replaced === undefined ? result : { ...result, output: replaced as typeof result.output };
      },
      { step: "initialize", name: "misbehave" },
    );
  }
  return client;
}

/**
 * The client's send rejects with `thrown` from its `from`-th call on. (A middleware cannot do this: client-lambda
 * itself turns a non-Error thrown inside its stack into a TypeError.)
 */
function rejectingFrom(client: LambdaClient, from: number, thrown: unknown): LambdaClient {
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let calls = 0;
  (client as { send: unknown }).send = (command: unknown) => (++calls >= from ? Promise.reject(thrown) : send(command));
  return client;
}

const lambdaEvent = (execution: ReturnType<typeof newExecution>, pageSize?: number): unknown => JSON.parse(JSON.stringify(execution.event(pageSize)));

const twoSteps = workflow("two", function* () {
  const a = yield* step("a", () => 1);
  return a + (yield* step("b", () => 2));
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then((value) => assert.unreachable(`expected a failure, got ${JSON.stringify(value)}`), (error: unknown) => error);
}

handlerErrors("a NextMarker the service repeats while paging the initial state ends the invocation with an InvocationError", async ({ service, url }) => {
  const execution = service.adopt(newExecution());
  await durableHandler(twoSteps, { client: clientFor(url), log: () => {} })(lambdaEvent(execution));
  const client = clientFor(url, (command, output) => (command === "GetDurableExecutionStateCommand" ? { ...output, NextMarker: "1" } : undefined));
  const error = await failure(durableHandler(twoSteps, { client, log: () => {} })(lambdaEvent(execution, 1)));
  assert.instance(error, InvocationError);
  assert.match((error as Error).message, /NextMarker "1" a second time/);
});

handlerErrors("more operations than the service allows (3,000) end the invocation with an InvocationError", async ({ service, url }) => {
  const execution = service.adopt(newExecution());
  await durableHandler(twoSteps, { client: clientFor(url), log: () => {} })(lambdaEvent(execution));
  let page = 0;
  const client = clientFor(url, (command, output) => {
    if (command !== "GetDurableExecutionStateCommand") return undefined;
    page++;
    const Operations = Array.from({ length: 1000 }, (_, i) => ({ Id: `p${page}-${i}`, Type: "STEP", SubType: "Step", Name: `s${i}`, Status: "SUCCEEDED" }));
    return { ...output, Operations, NextMarker: `m${page}` };
  });
  const error = await failure(durableHandler(twoSteps, { client, log: () => {} })(lambdaEvent(execution, 1)));
  assert.instance(error, InvocationError);
  assert.match((error as Error).message, /more than 3000 operations/);
  assert.is(page, 4, "paging stopped as soon as the limit was passed");
});

handlerErrors("a client that rejects with a value that is not an Error ends the invocation with an InvocationError; nothing is reported SUCCEEDED", async ({ service, url }) => {
  for (const thrown of ["throttled", undefined, 42]) {
    const execution = service.adopt(newExecution());
    const client = rejectingFrom(clientFor(url), 1, thrown);
    const error = await failure(durableHandler(twoSteps, { client, log: () => {} })(lambdaEvent(execution)));
    assert.instance(error, InvocationError, `rejected with ${String(thrown)}`);
    assert.match((error as Error).message, /not an Error/);
    assert.is(execution.status, "RUNNING");
  }
});

handlerErrors("a result over 6 MB is never reported SUCCEEDED when its EXECUTION SUCCEED checkpoint fails, even with a non-Error", async ({ service, url }) => {
  const large = workflow("large", function* () {
    yield* step("a", () => 1);
    return "x".repeat(7 * 1024 * 1024);
  });
  const execution = service.adopt(newExecution());
  await failure(durableHandler(large, { client: clientFor(url), log: () => {} })(lambdaEvent(execution)).then((output) => {
    assert.equal(output, { Status: "SUCCEEDED", Result: "" }, "the result went to the EXECUTION operation");
    throw new Error("recorded");
  }));
  const second = service.adopt(newExecution());
  const client = rejectingFrom(clientFor(url), 2, undefined);
  const error = await failure(durableHandler(large, { client, log: () => {} })(lambdaEvent(second)));
  assert.instance(error, InvocationError);
  assert.is(second.status, "RUNNING", "the execution did not end");
});

handlerErrors.run();
