import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { CheckpointDurableExecutionCommand, LambdaClient, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { durableHandler, step, waitForCallback, workflow } from "../../lib/index";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService } from "../../lib/local/service";
import { httpService, newExecution } from "../support/harness";
import { tempDir } from "../support/temp-dir";

interface Answer {
  status: number;
  type: string | undefined;
  allow: string | undefined;
  body: string;
}

/** A raw HTTP request, so bodies, methods and paths the AWS client would never send can be sent. */
function send(url: string, method: string, path: string, body?: Buffer | string, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (body !== undefined && !chunked) headers["content-length"] = Buffer.byteLength(body);
    const outgoing = request(`${url}${path}`, { method, headers }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, type: response.headers["x-amzn-errortype"] as string | undefined, allow: response.headers.allow, body: text }));
    });
    outgoing.on("error", reject);
    if (body !== undefined && chunked) {
      const buffer = Buffer.from(body);
      for (let offset = 0; offset < buffer.length; offset += 1024) outgoing.write(buffer.subarray(offset, offset + 1024));
    } else if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

const clientOf = (url: string) => new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });

test("the service listens on 127.0.0.1 unless told otherwise", async () => {
  const server = new LocalHttpServer(new LocalService());
  const url = await server.listen();
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is((server as unknown as { server: { address(): AddressInfo } }).server.address().address, "127.0.0.1");
  } finally {
    await server.close();
  }
});

test("bodies over the limit are refused with 413 before they are read in full, declared or chunked; bodies that are not JSON or not a checkpoint are refused naming the problem", async () => {
  const service = new LocalService();
  const server = new LocalHttpServer(service, { maxBodyBytes: 4096 });
  const url = await server.listen();
  try {
    const execution = service.adopt(newExecution());
    const path = `/2025-12-01/durable-executions/${encodeURIComponent(execution.executionArn)}/checkpoint`;
    for (const chunked of [false, true]) {
      const answer = await send(url, "POST", path, "x".repeat(10_000), chunked);
      assert.is(answer.status, 413, `chunked: ${chunked}`);
      assert.is(answer.type, "RequestTooLargeException");
      assert.match(answer.body, /the request body is over 4096 bytes/);
    }
    for (const [body, message] of [
      ["{not json", /the request body is not JSON \(/],
      ["[1]", /the checkpoint request must be a JSON object, got \[1\]/],
      ['{"CheckpointToken": 5}', /CheckpointToken must be a non-empty string, got 5/],
      [JSON.stringify({ CheckpointToken: "t", Updates: { Id: "a" } }), /Updates must be an array, got \{"Id":"a"\}/],
      [JSON.stringify({ CheckpointToken: "t", Updates: [null] }), /Updates\[0\] must be an object, got null/],
      [JSON.stringify({ CheckpointToken: "t", Updates: [{ Id: "a", Type: "STEP" }] }), /Updates\[0\]\.Action must be a non-empty string, got undefined/],
      [JSON.stringify({ CheckpointToken: "t", Updates: [{ Id: "a", Type: "STEP", Action: "START", Payload: { x: 1 } }] }), /Updates\[0\]\.Payload must be a string, got \{"x":1\}/],
    ] as const) {
      const answer = await send(url, "POST", path, body);
      assert.is(answer.status, 400, body);
      assert.is(answer.type, "InvalidParameterValueException");
      assert.match(JSON.parse(answer.body).message, message);
    }
    assert.is(execution.checkpoints.length, 0, "nothing was applied");
  } finally {
    await server.close();
  }
});

test("payloads over the limits: an update over 256 KB, a callback result over 256 KB, an Invoke payload over 6 MB", async () => {
  const local = await httpService();
  const lambda = clientOf(local.url);
  try {
    const execution = local.service.adopt(newExecution());
    await lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: execution.executionArn, CheckpointToken: execution.event().CheckpointToken, Updates: [{ Id: "big", Type: "STEP", Action: "SUCCEED", Payload: "x".repeat(256 * 1024 + 1) }] })).then(
      () => assert.unreachable(),
      (error: Error) => assert.match(error.message, /Updates\[0\]\.Payload \(Id big\) is 262145 bytes; the limit for one operation is 262144/),
    );
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "any", Result: Buffer.alloc(256 * 1024 + 1, 32) })).then(
      () => assert.unreachable(),
      (error: Error) => assert.match(error.message, /the callback result is 262145 bytes; the limit is 262144/),
    );
    const answer = await send(local.url, "POST", "/2015-03-31/functions/anything/invocations", "1".repeat(6 * 1024 * 1024 + 1));
    assert.is(answer.status, 413);
    assert.is(answer.type, "RequestTooLargeException");
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test("unknown paths answer 404 UnknownOperationException; a known path with another method 405 MethodNotAllowedException with Allow", async () => {
  const local = await httpService();
  try {
    const unknown = await send(local.url, "GET", "/2025-12-01/nothing-here");
    assert.equal([unknown.status, unknown.type], [404, "UnknownOperationException"]);
    assert.match(JSON.parse(unknown.body).message, /no API at GET \/2025-12-01\/nothing-here/);
    for (const [method, path, allow] of [
      ["GET", "/2025-12-01/durable-executions/arn/checkpoint", "POST"],
      ["DELETE", "/2025-12-01/durable-executions/arn", "GET"],
      ["PUT", "/2025-12-01/durable-execution-callbacks/id/succeed", "POST"],
      ["GET", "/2015-03-31/functions/f/invocations", "POST"],
    ] as const) {
      const answer = await send(local.url, method, path);
      assert.equal([answer.status, answer.type, answer.allow], [405, "MethodNotAllowedException", allow], `${method} ${path}`);
    }
  } finally {
    await local.close();
  }
});

test("payloads are data: code-like strings and __proto__ keys in inputs and callback results are stored and returned as they came, never evaluated", async () => {
  const local = await httpService();
  const lambda = clientOf(local.url);
  const marker = join(tempDir("durable-eval-"), "evaluated");
  const code = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x")`;
  try {
    local.service.register("echo", { kind: "handler", durable: true, handler: durableHandler(workflow("echo", function* (input: unknown) {
      const answer = yield* waitForCallback<unknown>("answer", () => {});
      return yield* step("both", () => ({ input, answer }));
    }), { log: () => {} }) });
    const input = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "code": ${JSON.stringify(code)}, "template": "\${process.exit(3)}"}`) as unknown;
    const execution = local.service.start("echo", input);
    let callbackId: string | undefined;
    for (let i = 0; i < 200 && callbackId === undefined; i++) {
      callbackId = execution.all().find((operation) => operation.Type === "CALLBACK")?.CallbackDetails?.CallbackId;
      if (callbackId === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const result = `{"__proto__": {"polluted": true}, "run": ${JSON.stringify(code)}}`;
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId!, Result: Buffer.from(result) }));
    const done = await local.service.result(execution.executionArn);
    assert.is(done.status, "SUCCEEDED");
    const output = JSON.parse(done.result!) as { input: Record<string, unknown>; answer: Record<string, unknown> };
    assert.is(output.input.code, code);
    assert.is(output.input.template, "${process.exit(3)}");
    assert.equal(Object.getOwnPropertyDescriptor(output.input, "__proto__")?.value, { polluted: true }, "__proto__ came back as an own key, as data");
    assert.is(output.answer.run, code);
    assert.is(({} as Record<string, unknown>).polluted, undefined, "no prototype was polluted");
    assert.not.ok(existsSync(marker), "no payload was evaluated");
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test("a callback id completes its own callback only: answering one execution's callback leaves another's, at the same position and name, open; finished callbacks, altered ids and ids made up from the ARN are refused", async () => {
  const local = await httpService();
  const lambda = clientOf(local.url);
  try {
    local.service.register("approval", workflow("approval", function* (input: string) {
      return { input, answer: yield* waitForCallback<string>("approve", () => {}) };
    }));
    const first = local.service.start("approval", "first");
    const second = local.service.start("approval", "second");
    const callbackOf = async (execution: typeof first) => {
      for (let i = 0; i < 200; i++) {
        const id = execution.all().find((operation) => operation.Type === "CALLBACK")?.CallbackDetails?.CallbackId;
        if (id !== undefined) return id;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error("no callback");
    };
    const [firstId, secondId] = [await callbackOf(first), await callbackOf(second)];
    assert.is.not(firstId, secondId);
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: firstId, Result: Buffer.from('"yes"') }));
    assert.equal(JSON.parse((await local.service.result(first.executionArn)).result!), { input: "first", answer: "yes" });
    assert.is(second.all().find((operation) => operation.Type === "CALLBACK")?.Status, "STARTED", "the other execution's callback is still open");
    const unsigned = Buffer.from(`${second.executionArn}#1`).toString("base64url");
    assert.ok(secondId.startsWith(`${unsigned}.`), "the id is signed");
    for (const [id, type] of [[firstId, "InvalidParameterValueException"], [`${secondId}x`, "ResourceNotFoundException"], [secondId.slice(0, -1), "ResourceNotFoundException"], [unsigned, "ResourceNotFoundException"], ["", "UnknownOperationException"]] as const) {
      const answer = await send(local.url, "POST", `/2025-12-01/durable-execution-callbacks/${encodeURIComponent(id)}/succeed`, '"forged"');
      assert.is(answer.type, type, `id ${JSON.stringify(id)}`);
    }
    assert.is(second.all().find((operation) => operation.Type === "CALLBACK")?.Status, "STARTED");
    local.service.stop(second.executionArn);
  } finally {
    lambda.destroy();
    await local.close();
  }
});

test.run();
