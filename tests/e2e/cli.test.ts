import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "dist", "cli.mjs");
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" };

interface Running {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  exit: Promise<number>;
}

function durable(...args: string[]): Running {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env });
  let output = "";
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const match = pattern.exec(output);
      if (match !== null) return match;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${output}`);
      await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
  };
  return { child, output: () => output, waitFor, exit };
}

test("durable run: live progress, the result, exit 0", async () => {
  const run = durable("run", "samples/hello.ts", "--input", '"Ada"');
  assert.is(await run.exit, 0, run.output());
  assert.match(run.output(), /\+ Step\s+greet ok in \d+ms -> "Hello, Ada!"/);
  assert.match(run.output(), /\[\+00:01:00\]   \+ Wait\s+pause ok in 00:01:00/);
  assert.match(run.output(), /result: "HELLO, ADA!"/);
});

test("durable run: exit 1 when the execution fails, 2 on bad usage, with the reason", async () => {
  const failed = durable("run", "tests/e2e/fixtures/failing.ts");
  assert.is(await failed.exit, 1, failed.output());
  assert.match(failed.output(), /FAILED: \{"ErrorType":"TypeError","ErrorMessage":"kaboom"/);
  for (const [args, message] of [
    [["run"], /durable run takes one module, got 0/],
    [["run", "samples/hello.ts", "--input", "{oops"], /--input is not JSON/],
    [["run", "samples/hello.ts", "--export", "nope"], /exports no workflow named "nope" \(its workflows: hello\)/],
    [["run", "samples/missing.ts"], /cannot find module samples\/missing\.ts/],
    [["launch"], /unknown command "launch"/],
    [["run", "samples/hello.ts", "--colour"], /Unknown option '--colour'/],
  ] as const) {
    const run = durable(...args);
    assert.is(await run.exit, 2, `${args.join(" ")}: ${run.output()}`);
    assert.match(run.output(), message);
  }
});

test("durable run waits for an open callback; durable callback succeed answers it", async () => {
  const run = durable("run", "samples/order.ts", "--input", JSON.stringify({ id: "o-1", lines: [{ sku: "a", qty: 1, price: 2 }] }));
  const [, callbackId, endpoint] = await run.waitFor(/durable callback succeed (\S+) '<json>' --endpoint (\S+)/);
  const answer = durable("callback", "succeed", callbackId!, '{"approved": true, "by": "cli"}', "--endpoint", endpoint!);
  assert.is(await answer.exit, 0, answer.output());
  assert.is(await run.exit, 0, run.output());
  assert.match(run.output(), /result: \{"status":"shipped".*"approvedBy":"cli"\}/);
});

test("durable serve: functions from modules, reachable through client-lambda; stops on SIGTERM", async () => {
  const serve = durable("serve", "--port", "0", "--function", "hello=tests/e2e/fixtures/quick-hello.ts", "--quiet");
  const [, endpoint] = await serve.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const response = await lambda.send(new InvokeCommand({ FunctionName: "hello", Payload: Buffer.from('"Serve"') }));
    assert.is(Buffer.from(response.Payload!).toString(), '"HELLO, SERVE!"');
  } finally {
    lambda.destroy();
    serve.child.kill("SIGTERM");
  }
  assert.is(await serve.exit, 0, serve.output());
});

test.run();
