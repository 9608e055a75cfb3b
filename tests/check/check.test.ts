// `durable check` end to end: `durable serve` on 127.0.0.1 runs the deployed code (fixtures/v1.ts) with executions
// paused at different points; the check replays them, fetched over the AWS API or saved to a folder, with new code.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient, SendDurableExecutionCallbackSuccessCommand, StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";

const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "dist", "cli.mjs");
const fixture = (name: string) => `tests/check/fixtures/${name}.ts`;
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" };

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number>;
}

function durable(...args: string[]): Running {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // Bounded: a command that hangs is killed, and the test then fails on its exit code.
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => (clearTimeout(timer), resolve(code ?? -1))));
  return { child, output: () => output, exit };
}

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Service {
  readonly endpoint: string;
  readonly lambda: LambdaClient;
  /** The execution ARN of each started execution, by name. */
  readonly arns: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * `durable serve` with v1 deployed and three executions: "early" paused at the first approval, "late" at the second,
 * "finished" done (not running, so not checked).
 */
async function serveWithExecutions(): Promise<Service> {
  const serve = durable("serve", "--port", "0", "--function", `order=${fixture("v1")}`, "--quiet");
  const endpoint = await until(async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.output())?.[1], `durable serve to listen:\n${serve.output()}`);
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const arns: Record<string, string> = {};
  const callbacks = async (arn: string) => {
    const history = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    return (history.Events ?? []).filter((event) => event.EventType === "CallbackStarted").map((event) => event.CallbackStartedDetails!.CallbackId!);
  };
  const nthCallback = (arn: string, n: number) => until(async () => (await callbacks(arn))[n - 1], `callback ${n} of ${arn}`);
  const answer = async (arn: string, n: number, by: string) => {
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: await nthCallback(arn, n), Result: Buffer.from(JSON.stringify(by)) }));
  };
  for (const name of ["early", "late", "finished"]) {
    const started = await lambda.send(new InvokeCommand({ FunctionName: "order", InvocationType: "Event", DurableExecutionName: name, Payload: Buffer.from(JSON.stringify({ id: name })) }));
    arns[name] = started.DurableExecutionArn!;
  }
  await nthCallback(arns.early!, 1);
  await answer(arns.late!, 1, "ann");
  await nthCallback(arns.late!, 2);
  await answer(arns.finished!, 1, "ann");
  await answer(arns.finished!, 2, "bob");
  await until(async () => {
    const history = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arns.finished! }));
    return history.Events?.some((event) => event.EventType === "ExecutionSucceeded") || undefined;
  }, "the finished execution to succeed");
  return {
    endpoint,
    lambda,
    arns,
    async stop() {
      for (const name of ["early", "late"]) await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arns[name]! })).catch(() => {});
      lambda.destroy();
      serve.child.kill("SIGTERM");
      await serve.exit;
    },
  };
}

let service: Service;
let saved: string;

test.before(async () => {
  service = await serveWithExecutions();
  saved = mkdtempSync(join(tmpdir(), "durable-check-"));
  for (const name of ["early", "late"]) {
    const history = durable("history", service.arns[name]!, "--out", join(saved, `${name}.json`), "--endpoint", service.endpoint);
    assert.is(await history.exit, 0, history.output());
  }
});

test.after(async () => {
  await service?.stop();
  if (saved !== undefined) rmSync(saved, { recursive: true, force: true });
});

test("the deployed code and a compatible change replay every running execution: exit 0, one line each", async () => {
  for (const module of ["v1", "compatible"]) {
    const check = durable("check", fixture(module), "--function", "order", "--endpoint", service.endpoint);
    assert.is(await check.exit, 0, check.output());
    const lines = check.output().trimEnd().split("\n");
    assert.is(lines.length, 3, check.output());
    assert.match(lines[0]!, /^\s+early\s+replays up to CALLBACK\/Callback \(unnamed\) of waitForCallback "approve" at operation 2-1, which it waits on \(recorded STARTED\)$/);
    assert.match(lines[1]!, /^\s+late\s+replays up to CALLBACK\/Callback \(unnamed\) of waitForCallback "confirm" at operation 4-1, which it waits on \(recorded STARTED\)$/);
    assert.is(lines[2], "running executions of order: 2 checked, 2 replay, 0 diverge; the new code is safe to deploy for them");
  }
});

test("an incompatible change fails naming the execution it breaks, with where, what and the hint", async () => {
  const check = durable("check", fixture("incompatible"), "--function", "order", "--endpoint", service.endpoint);
  assert.is(await check.exit, 1, check.output());
  const [early, late, summary] = check.output().trimEnd().split("\n");
  assert.match(early!, /early\s+replays up to/);
  assert.match(late!, /late\s+DIVERGES at operation 4: recorded CONTEXT\/WaitForCallback "confirm", code STEP\/Step "fraud-check"; hint: an operation was inserted before "confirm"/);
  assert.is(summary, "running executions of order: 2 checked, 1 replays, 1 diverges (late); deploying the new code would fail the diverging executions with a NonDeterminismError");
});

test("the same change behind patched() passes: the execution past the patch point keeps the old code", async () => {
  const check = durable("check", fixture("patched"), "--function", "order", "--endpoint", service.endpoint);
  assert.is(await check.exit, 0, check.output());
  assert.match(check.output(), /late\s+replays up to CALLBACK\/Callback \(unnamed\) of waitForCallback "confirm" at operation 4-1, which it waits on/);
  assert.match(check.output(), /2 checked, 2 replay, 0 diverge; the new code is safe to deploy for them/);
  const fromFiles = durable("check", fixture("patched"), saved);
  assert.is(await fromFiles.exit, 0, fromFiles.output());
});

test("the same over saved histories, for CI: a folder, and --json", async () => {
  const passing = durable("check", fixture("compatible"), saved);
  assert.is(await passing.exit, 0, passing.output());
  assert.match(passing.output(), /histories in .*: 2 checked, 2 replay, 0 diverge/);
  const failing = durable("check", fixture("incompatible"), saved, "--json");
  assert.is(await failing.exit, 1, failing.output());
  const result = JSON.parse(failing.output()) as { safe: boolean; executions: { name: string; verdict: string; report: { divergence?: { path: string } } }[] };
  assert.is(result.safe, false);
  assert.equal(result.executions.map((execution) => [execution.name, execution.verdict, execution.report.divergence?.path]), [["early.json", "replays", undefined], ["late.json", "diverges", "4"]]);
});

test("bad usage and unreadable histories: exit 2 with the reason, or the history named as not checked", async () => {
  for (const [args, message] of [
    [["check", fixture("v1")], /either --function NAME \(the running executions\) or history paths, not neither/],
    [["check", fixture("v1"), "--function", "order", saved], /not both/],
    [["check", fixture("v1"), saved, "--endpoint", "aws"], /--endpoint only applies with --function/],
    [["check", fixture("v1"), "no-such-histories/"], /no such history file or folder: no-such-histories\//],
  ] as const) {
    const run = durable(...args);
    assert.is(await run.exit, 2, run.output());
    assert.match(run.output(), message);
  }
  const notAHistory = durable("check", fixture("v1"), "package.json");
  assert.is(await notAHistory.exit, 1, notAHistory.output());
  assert.match(notAHistory.output(), /package\.json\s+NOT CHECKED: package\.json: not a history/);
  assert.match(notAHistory.output(), /1 could not be checked \(package\.json\); the new code could not be shown safe/);
});

test.run();
