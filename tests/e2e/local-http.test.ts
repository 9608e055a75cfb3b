import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient, ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackFailureCommand, SendDurableExecutionCallbackHeartbeatCommand, SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import { createCallback, durableHandler, step, wait, workflow } from "../../lib/index";
import { httpService } from "../support/harness";

const approval = workflow("approval", function* (input: { id: string }) {
  const handle = yield* createCallback<{ ok: boolean }>("approve", { heartbeatTimeout: 600 });
  const answer = yield* handle.result;
  yield* wait("settle", 1);
  return { id: input.id, ok: answer.ok };
});

function client(url: string): LambdaClient {
  return new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Real time here: the callbacks are answered from outside over HTTP, and skipped time would time them out first.
test("the AWS API over HTTP: Invoke starts a named durable execution, the callback API answers it, and the execution, its history and the list read back", async () => {
  const local = await httpService();
  const lambda = client(local.url);
  try {
    local.service.register("approval-fn", { kind: "handler", durable: true, handler: durableHandler(approval, { log: () => {} }) });
    const started = await lambda.send(new InvokeCommand({ FunctionName: "approval-fn", InvocationType: "Event", DurableExecutionName: "order-7", Payload: Buffer.from('{"id":"o-7"}') }));
    assert.is(started.StatusCode, 202);
    const arn = started.DurableExecutionArn!;
    assert.match(arn, /durable-execution\/order-7\//);
    const callbackId = await until(() => local.service.get(arn).all().find((op) => op.Type === "CALLBACK")?.CallbackDetails?.CallbackId, "the callback");
    await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"ok": true}') }));
    await local.service.result(arn);
    const execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    assert.is(execution.Status, "SUCCEEDED");
    assert.is(execution.Result, '{"id":"o-7","ok":true}');
    assert.ok(execution.StartTimestamp instanceof Date);
    const history = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    assert.equal(history.Events!.map((event) => event.EventType), [
      "ExecutionStarted", "CallbackStarted", "InvocationCompleted", "CallbackSucceeded", "WaitStarted", "InvocationCompleted", "WaitSucceeded", "InvocationCompleted", "ExecutionSucceeded",
    ]);
    assert.is(history.Events![3]!.CallbackSucceededDetails?.Result?.Payload, '{"ok": true}');
    assert.ok(history.Events![0]!.EventTimestamp instanceof Date);
    const listed = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval-fn" }));
    assert.equal(listed.DurableExecutions!.map((entry) => [entry.DurableExecutionName, entry.Status]), [["order-7", "SUCCEEDED"]]);
    const running = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval-fn", Statuses: ["RUNNING"] }));
    assert.equal(running.DurableExecutions, [], "filtered by status");
    const byName = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval-fn", DurableExecutionName: "order-7" }));
    assert.is(byName.DurableExecutions!.length, 1);
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from("{}") })).then(
      () => assert.unreachable("a finished callback cannot be answered again"),
      (error: Error) => assert.is(error.name, "InvalidParameterValueException"),
    );
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "no-such-callback" })).then(
      () => assert.unreachable(),
      (error: Error) => assert.is(error.name, "ResourceNotFoundException"),
    );
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test("Invoke RequestResponse waits for the durable execution's result; callback failure and StopDurableExecution", async () => {
  const local = await httpService();
  const lambda = client(local.url);
  try {
    local.service.register("echo-fn", { kind: "handler", durable: true, handler: durableHandler(workflow("echo", function* (input: string) { return yield* step("echo", () => `echo: ${input}`); }), { log: () => {} }) });
    local.service.register("plain-fn", { kind: "handler", durable: false, handler: (event) => ({ got: event }) });
    const direct = await lambda.send(new InvokeCommand({ FunctionName: "echo-fn", Payload: Buffer.from('"hi"') }));
    assert.is(Buffer.from(direct.Payload!).toString(), '"echo: hi"');
    assert.ok(direct.DurableExecutionArn);
    const plain = await lambda.send(new InvokeCommand({ FunctionName: "plain-fn", Payload: Buffer.from("[1]") }));
    assert.is(Buffer.from(plain.Payload!).toString(), '{"got":[1]}');

    local.service.register("approval-fn", { kind: "handler", durable: true, handler: durableHandler(approval, { log: () => {} }) });
    const rejected = await lambda.send(new InvokeCommand({ FunctionName: "approval-fn", InvocationType: "Event", Payload: Buffer.from('{"id":"o-8"}') }));
    const callbackId = await until(() => local.service.get(rejected.DurableExecutionArn!).all().find((op) => op.Type === "CALLBACK")?.CallbackDetails?.CallbackId, "the callback");
    await lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "RejectedError", ErrorMessage: "not approved" } }));
    const failed = await local.service.result(rejected.DurableExecutionArn!);
    assert.is(failed.status, "FAILED");
    assert.is(failed.error?.ErrorType, "RejectedError");

    const stopped = await lambda.send(new InvokeCommand({ FunctionName: "approval-fn", InvocationType: "Event", Payload: Buffer.from('{"id":"o-9"}') }));
    await until(() => local.service.get(stopped.DurableExecutionArn!).all().find((op) => op.Type === "CALLBACK"), "the callback");
    await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: stopped.DurableExecutionArn! }));
    const view = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: stopped.DurableExecutionArn! }));
    assert.is(view.Status, "STOPPED");
    await lambda.send(new InvokeCommand({ FunctionName: "nope" })).then(() => assert.unreachable(), (error: Error) => assert.is(error.name, "ResourceNotFoundException"));
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test.run();
