import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { eventually, lambdaClient, serveProcess } from "../reliability/serve-process";
import { tempDir } from "../support/temp-dir";

const SLOW = "slow=tests/e2e/fixtures/slow-steps.ts#slow";

async function startAll(endpoint: string, names: string[], steps: number): Promise<string[]> {
  const lambda = lambdaClient(endpoint);
  try {
    const arns: string[] = [];
    for (const name of names) {
      const started = await lambda.send(new InvokeCommand({ FunctionName: "slow", InvocationType: "Event", DurableExecutionName: name, Payload: Buffer.from(JSON.stringify({ steps })) }));
      arns.push(started.DurableExecutionArn!);
    }
    return arns;
  } finally {
    lambda.destroy();
  }
}

test("SIGTERM and SIGINT of serve --data while 20 invocations run: exit 0 each time, nothing counted as a crash, and after the restarts every execution succeeds", async () => {
  const data = tempDir("durable-stop-");
  const names = Array.from({ length: 20 }, (_, i) => `stop-${i}`);
  let arns: string[] = [];
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const serve = serveProcess(["--data", data, "--function", SLOW, "--quiet"]);
    const endpoint = await serve.endpoint;
    if (arns.length === 0) arns = await startAll(endpoint, names, 20);
    await new Promise((resolve) => setTimeout(resolve, 400));
    serve.signal(signal);
    const exit = await serve.exited;
    assert.equal(exit, { code: 0, signal: null }, `${signal}: ${serve.output()}`);
    assert.match(serve.output(), /stopped: running executions carry on/);
  }
  const serve = serveProcess(["--data", data, "--function", SLOW, "--quiet"]);
  const lambda = lambdaClient(await serve.endpoint);
  try {
    for (const arn of arns) {
      const done = await eventually(async () => {
        const execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
        return execution.Status === "RUNNING" ? undefined : execution;
      }, 30_000, `${arn} ending`);
      assert.is(done.Status, "SUCCEEDED", `${arn}: ${JSON.stringify(done.Error)}`);
      assert.is(done.Result, "190");
      const events = (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events ?? [];
      const crashes = events.filter((event) => event.EventType === "InvocationCompleted" && event.InvocationCompletedDetails?.Error?.Payload !== undefined);
      assert.equal(crashes.map((event) => event.InvocationCompletedDetails?.Error?.Payload?.ErrorType), [], "no invocation was recorded as crashed");
    }
  } finally {
    lambda.destroy();
    await serve.kill();
  }
});

test("a journal that cannot be restored (an edited record, a renamed field, a foreign file) or that needs a function not given: exit 1 before the port opens, the journal untouched", async () => {
  const data = tempDir("durable-bad-restore-");
  const first = serveProcess(["--data", data, "--function", SLOW, "--quiet"]);
  await startAll(await first.endpoint, ["long"], 400);
  await new Promise((resolve) => setTimeout(resolve, 300));
  first.signal("SIGTERM");
  assert.is((await first.exited).code, 0);
  const file = join(data, "journal.ndjson");
  const good = readFileSync(file, "utf8");
  const lines = good.split("\n");
  const checkpoint = lines.findIndex((line) => line.includes('"type":"checkpoint"'));
  const damaged = [
    ["an edited value", lines.map((line, index) => (index === checkpoint ? line.replace('"type":"checkpoint"', '"type":"checkpoinT"') : line)).join("\n"), /line \d+ is corrupt \(the checksum does not match/],
    ["a line of another format", lines.map((line, index) => (index === checkpoint ? line.slice(9) : line)).join("\n"), /line \d+ is corrupt \(not a checksummed record\)/],
    ["a foreign file", `{"some":"thing"}\n${good}`, /line 1 is corrupt \(no durable-gen journal version header/],
  ] as const;
  for (const [what, text, message] of damaged) {
    writeFileSync(file, text);
    const serve = serveProcess(["--data", data, "--function", SLOW, "--quiet"]);
    const exit = await serve.exited;
    assert.is(exit.code, 1, `${what}: ${serve.output()}`);
    assert.match(serve.output(), message, what);
    assert.not.match(serve.output(), /listening on/, `${what}: the port never opened`);
    assert.is(readFileSync(file, "utf8"), text, `${what}: the journal was not written`);
  }
  writeFileSync(file, good);
  const renamed = serveProcess(["--data", data, "--function", "other=tests/e2e/fixtures/slow-steps.ts#slow", "--quiet"]);
  assert.is((await renamed.exited).code, 1);
  assert.match(renamed.output(), /running executions of functions that are not registered: slow \(1 running\)/);
  assert.not.match(renamed.output(), /listening on/);
  assert.is(readFileSync(file, "utf8"), good);
});

test("serve --process: kill -9 of the service takes its function processes with it; SIGTERM kills them and exits 0", async () => {
  for (const ending of ["SIGKILL", "SIGTERM"] as const) {
    const dir = tempDir("durable-orphans-");
    const pids = join(dir, "pids");
    const serve = serveProcess(["--process", "--function", "sleeper=tests/e2e/fixtures/sleeper.ts", "--quiet"], { SLEEPER_PIDS: pids });
    const lambda = lambdaClient(await serve.endpoint);
    await lambda.send(new InvokeCommand({ FunctionName: "sleeper", InvocationType: "Event" }));
    lambda.destroy();
    const pid = Number(await eventually(() => (existsSync(pids) ? readFileSync(pids, "utf8").split("\n")[0] || undefined : undefined), 20_000, "the function process starting"));
    serve.signal(ending);
    const exit = await serve.exited;
    if (ending === "SIGTERM") assert.equal(exit, { code: 0, signal: null }, serve.output());
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 5_000, `function process ${pid} ending after ${ending} of the service`);
  }
});

test("serve --process: a function process killed in the middle of a 5.5 MB answer is that invocation's Runtime.ExitError; the service carries on and the execution succeeds", async () => {
  const dir = tempDir("durable-torn-");
  const serve = serveProcess(["--process", "--function", "big=tests/e2e/fixtures/torn-answer.ts", "--quiet"], { TORN_MARKER_DIR: dir });
  const lambda = lambdaClient(await serve.endpoint);
  try {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: "big", Payload: Buffer.from("{}") }));
    assert.is(answer.FunctionError, undefined);
    assert.is(Buffer.from(answer.Payload!).toString(), "1000");
    const events = (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: answer.DurableExecutionArn! }))).Events ?? [];
    const torn = events.find((event) => event.InvocationCompletedDetails?.Error?.Payload !== undefined)?.InvocationCompletedDetails?.Error?.Payload;
    assert.is(torn?.ErrorType, "Runtime.ExitError");
    assert.match(torn?.ErrorMessage ?? "", /exited on SIGKILL in the middle of its answer/);
  } finally {
    lambda.destroy();
    await serve.kill();
  }
});

test.run();
