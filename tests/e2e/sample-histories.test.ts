// The samples still replay the histories recorded in samples/histories/, in both formats; the negative control
// (one operation renamed) does not; `durable replay` and `durable history` do the same from the command line.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { assertReplays, replay } from "../../lib/replay/index";
import { SCENARIOS } from "../../samples/histories/scenarios";
import { orderWorkflow } from "../../samples/order";
import { tempDir } from "../support/temp-dir";

const root = join(import.meta.dirname, "..", "..");
const histories = join(root, "samples", "histories");
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" };

function recordedResult(name: string): unknown {
  const { Events } = JSON.parse(readFileSync(join(histories, `${name}.events.json`), "utf8")) as { Events: { EventType: string; ExecutionSucceededDetails?: { Result?: { Payload?: string } } }[] };
  const payload = Events.find((event) => event.EventType === "ExecutionSucceeded")?.ExecutionSucceededDetails?.Result?.Payload;
  return payload === undefined ? undefined : JSON.parse(payload);
}

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: the recorded history replays in both formats and gives the recorded result`, async () => {
    for (const format of ["events", "state"]) {
      const report = await assertReplays(scenario.workflow, join(histories, `${scenario.name}.${format}.json`));
      assert.is(report.status, "SUCCEEDED", format);
      assert.equal(report.result, recordedResult(scenario.name), format);
      assert.is(report.next, undefined, format);
    }
  });
}

test("the negative control, the order's history with a step renamed, fails with a diff naming that step", async () => {
  const report = await replay(orderWorkflow, join(histories, "order.renamed.events.json"));
  assert.is(report.replays, false);
  assert.equal(report.divergence?.recorded, { type: "STEP", subType: "Step", name: "charge-card" });
  assert.equal(report.divergence?.current, { type: "STEP", subType: "Step", name: "charge" });
  assert.match(report.divergence!.hint, /renamed from "charge-card" to "charge"/);
});

function durable(...args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [join(root, "dist", "cli.mjs"), ...args], { cwd: root, env });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code: code ?? -1, output })));
}

test("durable replay: exit 0 with the report when the code replays, 1 with the diff when it does not, 2 on bad input", async () => {
  const ok = await durable("replay", "samples/order.ts", "samples/histories/order.events.json");
  assert.is(ok.code, 0, ok.output);
  assert.match(ok.output, /replay of samples\/histories\/order\.events\.json: the code replays this history/);
  assert.match(ok.output, /status      SUCCEEDED  result \{"status":"shipped"/);

  const renamed = await durable("replay", "samples/order.ts", "samples/histories/order.renamed.events.json");
  assert.is(renamed.code, 1, renamed.output);
  assert.match(renamed.output, /divergence  at operation 3 \(id [0-9a-f]{16}\)\n\s+recorded  STEP\/Step "charge-card"\n\s+code      STEP\/Step "charge"/);

  const json = await durable("replay", "samples/saga.ts", "samples/histories/saga.state.json", "--json");
  assert.is(json.code, 0, json.output);
  assert.is((JSON.parse(json.output) as { replays: boolean }).replays, true);

  const dir = tempDir("durable-replay-");
  const broken = join(dir, "broken.json");
  writeFileSync(broken, readFileSync(join(histories, "order.events.json"), "utf8").slice(0, 500));
  for (const [args, message] of [
    [["replay", "samples/order.ts", broken], /broken\.json: the JSON ends at line \d+, column \d+ inside an unclosed/],
    [["replay", "samples/order.ts"], /durable replay takes a module and a history file/],
    [["replay", "samples/order.ts", join(dir, "none.json")], /none\.json: cannot read the history file \(ENOENT\)/],
    [["replay", "samples/agent.ts", "samples/histories/agent.events.json", "--export", "nope"], /exports no workflow named "nope"/],
  ] as const) {
    const run = await durable(...args);
    assert.is(run.code, 2, `${args.join(" ")}: ${run.output}`);
    assert.match(run.output, message);
  }
});

test("durable history fetches an execution's history from a service through client-lambda and saves what replay reads", async () => {
  const serve = spawn(process.execPath, [join(root, "dist", "cli.mjs"), "serve", "--port", "0", "--function", "hello=tests/e2e/fixtures/quick-hello.ts", "--quiet"], { cwd: root, env });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = "";
    serve.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match !== null) resolve(match[1]!);
    });
    serve.on("exit", () => reject(new Error(`serve exited: ${output}`)));
  });
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const response = await lambda.send(new InvokeCommand({ FunctionName: "hello", Payload: Buffer.from('"History"') }));
    const executionArn = response.DurableExecutionArn!;
    assert.ok(executionArn.startsWith("arn:aws:lambda:"), executionArn);
    const file = join(tempDir("durable-history-"), "hello.json");
    const saved = await durable("history", executionArn, "--endpoint", endpoint, "--out", file);
    assert.is(saved.code, 0, saved.output);
    assert.match(saved.output, /\d+ events of arn:aws:lambda:\S+ saved to /);
    const listed = await durable("history", executionArn, "--endpoint", endpoint);
    assert.match(listed.output, /StepSucceeded\s+Step "greet"/);
    const replayed = await durable("replay", "tests/e2e/fixtures/quick-hello.ts", file);
    assert.is(replayed.code, 0, replayed.output);
    assert.match(replayed.output, /status      SUCCEEDED  result "HELLO, HISTORY!"/);
    const missing = await durable("history", `${executionArn}-nope`, "--endpoint", endpoint);
    assert.is(missing.code, 1, missing.output);
    assert.match(missing.output, /durable: ResourceNotFoundException: Durable execution arn:\S+-nope not found\n$/);
    const notArn = await durable("history", "exec-1");
    assert.is(notArn.code, 2, notArn.output);
  } finally {
    lambda.destroy();
    serve.kill("SIGTERM");
  }
});

test.run();
