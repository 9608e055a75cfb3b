// durable start (an execution on a running durable serve), durable callback by operation name, durable run
// --wait-real, and durable build's usage errors: the built CLI in processes of its own, over loopback.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { GetDurableExecutionCommand, LambdaClient } from "@aws-sdk/client-lambda";

const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "dist", "cli.mjs");

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number>;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

function durable(...args: string[]): Run {
  // No AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED here: the CLI turns the SDK's Node 20 warning off itself.
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...env } = process.env;
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return {
    child, exit, output: () => output,
    async waitFor(pattern) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const match = pattern.exec(output);
        if (match !== null) return match;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

async function serve(...functions: string[]): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const server = durable("serve", "--port", "0", "--quiet", ...functions.flatMap((spec) => ["--function", spec]));
  const [, endpoint] = await server.waitFor(/listening on (http:\/\/\S+)/);
  return { endpoint: endpoint!, stop: async () => { server.child.kill("SIGTERM"); await server.exit; } };
}

test("durable start --wait starts an execution on durable serve, prints its ARN, follows it to its result", async () => {
  const { endpoint, stop } = await serve("hello=tests/e2e/fixtures/quick-hello.ts");
  try {
    const run = durable("start", "hello", "--input", '"Ada"', "--name", "hello-1", "--wait", "--endpoint", endpoint);
    assert.is(await run.exit, 0, run.output());
    const arn = /^arn:\S+$/m.exec(run.output())?.[0];
    assert.match(arn ?? "", /^arn:aws:lambda:[^:]+:\d+:function:hello:.*\/durable-execution\/hello-1\//);
    assert.match(run.output(), /ExecutionStarted/);
    assert.match(run.output(), /WaitSucceeded\s+Wait "pause"/);
    assert.match(run.output(), /result: "HELLO, ADA!"/);
    assert.not.match(run.output(), /NodeVersionSupportWarning/);
  } finally {
    await stop();
  }
});

test("durable start: bad usage exits 2 naming the problem", async () => {
  for (const [args, message] of [
    [["start"], /durable start takes one function name/],
    [["start", "hello", "--input", "{oops"], /--input is not JSON/],
  ] as const) {
    const run = durable(...args);
    assert.is(await run.exit, 2, run.output());
    assert.match(run.output(), message);
  }
});

test("durable callback answers a callback by the name of its operation within an execution", async () => {
  const { endpoint, stop } = await serve("approval=tests/e2e/fixtures/approval.ts");
  const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const started = durable("start", "approval", "--input", '{"id": "a-1"}', "--endpoint", endpoint);
    assert.is(await started.exit, 0, started.output());
    const arn = /^arn:\S+$/m.exec(started.output())![0];
    // Until the callback has started, the command says which callbacks are open.
    let answered: Run;
    for (;;) {
      answered = durable("callback", "succeed", "--execution", arn, "--operation", "approve", '{"ok": true}', "--endpoint", endpoint);
      if (await answered.exit === 0) break;
      assert.match(answered.output(), /has no open callback named "approve" \(open callbacks: none\)/);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.match(answered.output(), /callback "approve" \S+: succeed sent/);
    const wrong = durable("callback", "succeed", "--execution", arn, "--operation", "nope", "--endpoint", endpoint);
    assert.is(await wrong.exit, 2);
    assert.match(wrong.output(), /no open callback named "nope"/);
    for (;;) {
      const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      if (execution.Status !== "RUNNING") {
        assert.is(execution.Status, "SUCCEEDED");
        assert.equal(JSON.parse(execution.Result!), { checked: "checked a-1", ok: true });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    client.destroy();
    await stop();
  }
});

test("durable run --wait-real lets time run while a callback is open, so its timeout branch runs", async () => {
  const started = Date.now();
  const run = durable("run", "tests/e2e/fixtures/deadline.ts", "--wait-real");
  assert.is(await run.exit, 0, run.output());
  assert.match(run.output(), /result: "no answer in time"/);
  assert.ok(Date.now() - started >= 2000, "the 2-second timeout took its real time");
  const both = durable("run", "tests/e2e/fixtures/deadline.ts", "--wait-real", "--real-time");
  assert.is(await both.exit, 2);
  assert.match(both.output(), /--real-time and --wait-real exclude each other/);
});

test("durable build: bad usage exits 2 naming the problem", async () => {
  for (const [args, message] of [
    [["build"], /durable build takes one handler module, got 0/],
    [["build", "samples/missing.handler.ts"], /cannot find handler module samples\/missing\.handler\.ts/],
  ] as const) {
    const run = durable(...args);
    assert.is(await run.exit, 2, run.output());
    assert.match(run.output(), message);
  }
});

test.run();
