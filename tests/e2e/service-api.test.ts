import { test } from "uvu";
import * as assert from "uvu/assert";
import { connect } from "node:net";
import { request } from "node:http";
import { CheckpointDurableExecutionCommand, InvokeCommand, SendDurableExecutionCallbackFailureCommand, SendDurableExecutionCallbackSuccessCommand, StopDurableExecutionCommand } from "@aws-sdk/client-lambda";
import { invoke, step, waitForCallback, workflow } from "../../lib/index";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService } from "../../lib/local/service";
import { hashPath } from "../../interpreter/ids";
import { httpService } from "../support/harness";
import { eventually, lambdaClient } from "../reliability/serve-process";

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

function send(url: string, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}${path}`, { method, headers: body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, type: response.headers["x-amzn-errortype"] as string | undefined, body: text }));
    });
    outgoing.on("error", reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

const failure = (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } };

const ask = workflow("ask", function* (input: { n: number }) {
  const answer = yield* waitForCallback<number>("answer", () => {});
  return input.n + answer;
});

test("execution names are idempotency keys: the same name and payload return the running execution (one started, one charge), another payload is 409 DurableExecutionAlreadyStartedException; names outside 1-64 of [a-zA-Z0-9-_] are refused", async () => {
  const local = await httpService();
  const lambda = lambdaClient(local.url);
  let charges = 0;
  try {
    local.service.register("order", workflow("order", function* (_input: { id: string }) {
      yield* step("charge", () => ++charges);
      return yield* waitForCallback<string>("ship", () => {});
    }));
    const arns = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const started = await lambda.send(new InvokeCommand({ FunctionName: "order", InvocationType: "Event", DurableExecutionName: "order-42", Payload: Buffer.from('{"id":"42"}') }));
      arns.add(started.DurableExecutionArn!);
    }
    assert.is(arns.size, 1, "three Invokes named order-42 are one execution");
    await eventually(() => (charges > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.is(charges, 1);
    const other = await lambda.send(new InvokeCommand({ FunctionName: "order", InvocationType: "Event", DurableExecutionName: "order-42", Payload: Buffer.from('{"id":"43"}') })).then(() => undefined, failure);
    assert.is(other?.name, "DurableExecutionAlreadyStartedException");
    assert.is(other?.$metadata?.httpStatusCode, 409);
    for (const name of ["../../etc/passwd", "x".repeat(15_000), "zürich", "a b", "x".repeat(65)]) {
      const refused = await lambda.send(new InvokeCommand({ FunctionName: "order", InvocationType: "Event", DurableExecutionName: name, Payload: Buffer.from("{}") })).then(() => undefined, failure);
      assert.is(refused?.name, "InvalidParameterValueException", name.slice(0, 20));
      assert.match(refused?.message ?? "", /DurableExecutionName must be 1 to 64 of \[a-zA-Z0-9-_\]/);
    }
    assert.throws(() => local.service.start("order", {}, ""), /DurableExecutionName must be 1 to 64/);
    assert.is(local.service.summaries("order").length, 1, "nothing else was started");
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test("a chained invoke's child execution is linked to its operation: an execution planted under the old derived name is never adopted", async () => {
  const service = new LocalService();
  service.register("child", workflow("child", function* (n: number) {
    return yield* step("double", () => n * 2);
  }));
  service.register("parent", workflow("parent", function* () {
    return yield* invoke<number>("call", "child", 0.5);
  }));
  const planted = service.start("child", 4995, `p1-${hashPath("1")}`);
  await service.result(planted.executionArn);
  const parent = service.start("parent", undefined, "p1");
  const done = await service.result(parent.executionArn);
  assert.is(done.status, "SUCCEEDED");
  assert.is(done.result, "1", "the parent read its own child's result, not the planted 9990");
  const children = service.list("child").map((execution) => execution.executionArn.split("/").at(-2)!);
  assert.is(children.length, 2);
  assert.ok(children.some((name) => name.startsWith("p1.")), "the child's name has a character callers may not use");
});

test("callback and stop APIs refuse finished executions and malformed errors as AWS does; checkpoint updates are checked field by field; a malformed percent-escape is 400; no answer carries a stack", async () => {
  const local = await httpService();
  const lambda = lambdaClient(local.url);
  try {
    local.service.register("ask", ask);
    const execution = local.service.start("ask", { n: 1 }, "ask-1");
    const callbackId = await eventually(() => execution.all().find((operation) => operation.Type === "CALLBACK")?.CallbackDetails?.CallbackId);
    const badFail = await send(local.url, "POST", `/2025-12-01/durable-execution-callbacks/${encodeURIComponent(callbackId)}/fail`, "123");
    assert.equal([badFail.status, badFail.type], [400, "InvalidParameterValueException"]);
    assert.match(JSON.parse(badFail.body).message, /the callback's error must be an error object/);
    assert.is(execution.byCallbackId(callbackId).Status, "STARTED", "the refused failure changed nothing");

    const token = execution.event().CheckpointToken;
    const operations = execution.all().length;
    const start = { Id: "a1", Type: "STEP", SubType: "Step", Name: "a", Action: "START" };
    for (const [update, message] of [
      [{ Id: "w1", Type: "WAIT", SubType: "Wait", Name: "w", Action: "START", WaitOptions: { WaitSeconds: -5 } }, /WaitOptions\.WaitSeconds must be a whole number of seconds from 1 to 31622400, got -5/],
      [{ Id: "w1", Type: "WAIT", SubType: "Wait", Name: "w", Action: "START", WaitOptions: { WaitSeconds: 1e20 } }, /WaitSeconds must be a whole number of seconds from 1/],
      [{ Id: "w1", Type: "WAIT", SubType: "Wait", Name: "w", Action: "START", WaitOptions: { WaitSeconds: "abc" } }, /WaitSeconds must be a whole number of seconds from 1 to 31622400, got "abc"/],
      [{ ...start, Action: "RETRY", Error: { ErrorType: "E" }, StepOptions: { NextAttemptDelaySeconds: -100 } }, /NextAttemptDelaySeconds must be a whole number of seconds from 1/],
      [{ Id: "c9", Type: "CALLBACK", SubType: "Callback", Name: "c", Action: "START", CallbackOptions: { TimeoutSeconds: -1 } }, /CallbackOptions\.TimeoutSeconds must be a whole number of seconds from 0/],
      [{ ...start, Name: "n".repeat(10_000) }, /Updates\[0\]\.Name must be 1 to 256 characters, got 10000/],
      [{ ...start, Id: "i".repeat(5_000) }, /Updates\[0\]\.Id must be 1 to 64 of \[a-zA-Z0-9-_\]/],
      [{ ...start, Action: "FAIL", Error: { ErrorType: 5 } }, /Updates\[0\]\.Error\.ErrorType must be a string, got 5/],
      [{ ...start, WaitOptions: { WaitSeconds: 5 } }, /WaitOptions only goes with WAIT START, not STEP START/],
      [{ ...start, Type: "STEP!" }, /Updates\[0\]\.Type must be one of/],
      [{ Id: execution.byCallbackId(callbackId).Id, Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: "1" }, /is a CALLBACK, not a STEP/],
    ] as const) {
      const refused = await lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: execution.executionArn, CheckpointToken: token, Updates: [update as never] })).then(() => undefined, failure);
      assert.is(refused?.name, "InvalidParameterValueException", JSON.stringify(update).slice(0, 80));
      assert.match(refused?.message ?? "", message);
    }
    const checkpointPath = `/2025-12-01/durable-executions/${encodeURIComponent(execution.executionArn)}/checkpoint`;
    const unknown = await send(local.url, "POST", checkpointPath, JSON.stringify({ CheckpointToken: token, Updates: [{ ...start, Surprise: true }] }));
    assert.equal([unknown.status, unknown.type], [400, "InvalidParameterValueException"]);
    assert.match(JSON.parse(unknown.body).message, /Updates\[0\] has an unknown field "Surprise"/);
    const nested = await send(local.url, "POST", checkpointPath, `{"CheckpointToken":${JSON.stringify(token)},"Updates":[{"Id":"a1","Type":"STEP","Action":"FAIL","Error":{"ErrorData":${"[".repeat(20_000)}${"]".repeat(20_000)}}}]}`);
    assert.is(nested.status, 400, nested.body.slice(0, 200));
    assert.is(execution.event().CheckpointToken, token, "no refused checkpoint changed the token");
    assert.is(execution.all().length, operations, "nor any operation");

    await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: execution.executionArn }));
    const late = await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from("1") })).then(() => undefined, failure);
    assert.is(late?.name, "InvalidParameterValueException");
    assert.match(late?.message ?? "", /already ended STOPPED/);
    const lateFail = await lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "E" } })).then(() => undefined, failure);
    assert.is(lateFail?.name, "InvalidParameterValueException");
    const again = await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: execution.executionArn })).then(() => undefined, failure);
    assert.is(again?.name, "InvalidParameterValueException");
    assert.equal(execution.history.events.slice(-1).map((event) => event.EventType), ["ExecutionStopped"], "nothing landed after ExecutionStopped");

    const escape = await send(local.url, "GET", "/2025-12-01/durable-executions/%E0%A4%A");
    assert.equal([escape.status, escape.type], [400, "InvalidParameterValueException"]);
    assert.match(JSON.parse(escape.body).message, /malformed percent-escape/);
    for (const answer of [badFail, nested, escape]) assert.not.match(answer.body, /\n\s+at /, "no stack trace");
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test("checkpoint tokens are random and bound to their execution: unlike one another, nothing of the ARN in them, another execution's refused", async () => {
  const service = new LocalService();
  service.register("ask", ask);
  const first = service.start("ask", { n: 1 });
  const second = service.start("ask", { n: 2 });
  await eventually(() => (first.all().length > 1 && second.all().length > 1 ? true : undefined));
  const [a, b] = [first.event().CheckpointToken, second.event().CheckpointToken];
  assert.is.not(a, b);
  assert.ok(a.length >= 32);
  assert.not.ok(a.includes(Buffer.from(first.executionArn).toString("base64url").slice(-12)));
  assert.throws(() => service.checkpoint(second.executionArn, a, []), /Invalid Checkpoint Token/);
  service.stop(first.executionArn);
  service.stop(second.executionArn);
});

test("slow clients cannot starve others: 200 connections that never finish their body are cut off by the request timeout while a normal request is answered at once; an oversize body to an unknown path is refused without being read", async () => {
  const service = new LocalService();
  const server = new LocalHttpServer(service, { requestTimeoutMs: 1500 });
  const url = await server.listen();
  const { port } = new URL(url);
  const sockets = [];
  try {
    const closed: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const socket = connect(Number(port), "127.0.0.1");
      socket.on("error", () => {});
      socket.resume();
      socket.write(`POST /2025-12-01/durable-executions/x/checkpoint HTTP/1.1\r\nHost: local\r\nContent-Length: 100000\r\n\r\n{"Check`);
      closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
      sockets.push(socket);
    }
    const started = Date.now();
    const answer = await send(url, "GET", "/2025-12-01/durable-executions/nothing");
    assert.is(answer.status, 404);
    assert.ok(Date.now() - started < 1000, "answered while the slow ones hang");
    await Promise.race([Promise.all(closed), new Promise((_, reject) => setTimeout(() => reject(new Error("the slow connections were not cut off")), 10_000))]);
    const huge = await send(url, "POST", "/2025-12-01/nothing-here", "x".repeat(15 * 1024 * 1024)).catch((error: Error) => ({ status: 0, type: error.message, body: "" }));
    assert.ok(huge.status === 404 || huge.status === 0, `refused: ${huge.status} ${huge.type}`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.close();
  }
});

test.run();
