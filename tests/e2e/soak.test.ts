import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { FaultPlan, FAULT_KINDS, parseFaultRates, type FaultRates } from "../../lib/local/faults";
import { differences, soak, type SoakReport } from "../reliability/soak";
import { diskFullCycles, stopCycles } from "../reliability/service-cycles";

// The same mix as `npm run soak`, smaller: every sample workflow twice, under each fault kind alone, then all together.
const RATES: Record<string, FaultRates> = {
  "429": { "429": 0.08 },
  "500": { "500": 0.15 },
  "503": { "503": 0.15 },
  drop: { drop: 0.15 },
  slow: { slow: 0.2 },
  "stale-token": { "stale-token": 0.1 },
  all: { "429": 0.03, "500": 0.03, "503": 0.03, drop: 0.05, slow: 0.05, "stale-token": 0.05 },
};

let reference: SoakReport;

test("the fault-free reference run: every sample execution succeeds, histories are clean", async () => {
  reference = await soak({ seed: 0, perWorkflow: 2 });
  assert.is(reference.executions, 8);
  assert.equal([...reference.outcomes.values()].map((outcome) => outcome.status), Array(8).fill("SUCCEEDED"));
  assert.equal(reference.historyProblems, []);
  assert.is(reference.failedInvocations, 0);
});

for (const [label, rates] of Object.entries(RATES)) {
  test(`under ${label} faults (seeded): results and operations equal the fault-free run, nothing duplicated or lost, no at-most-once attempt repeated`, async () => {
    const report = await soak({ seed: 7, perWorkflow: 2, rates });
    const kinds = label === "all" ? FAULT_KINDS.filter((kind) => kind !== "slow") : [label as keyof SoakReport["faults"]];
    for (const kind of kinds) assert.ok(report.faults[kind] > 0, `${kind} faults were injected: ${JSON.stringify(report.faults)}`);
    assert.equal(differences(reference, report), []);
    assert.equal(report.historyProblems, []);
    assert.equal(report.repeatedAtMostOnce, []);
  });
}

test("a fault plan is reproducible from its seed, and injects each kind at about its rate", () => {
  const request = { method: "POST", path: "/x/checkpoint", query: new URLSearchParams(), executionArn: "arn", action: "checkpoint" };
  const draw = (seed: number) => {
    const plan = new FaultPlan({ rates: { "429": 0.1, drop: 0.2, "stale-token": 0.05 }, seed });
    const faults = Array.from({ length: 5000 }, () => JSON.stringify(plan.injector(request) ?? null));
    return { faults, injected: plan.injected };
  };
  assert.equal(draw(7).faults, draw(7).faults, "the same seed gives the same faults");
  assert.not.equal(draw(7).faults, draw(8).faults);
  const { injected } = draw(7);
  assert.ok(Math.abs(injected["429"] / 5000 - 0.1) < 0.02 && Math.abs(injected.drop / 5000 - 0.2) < 0.02 && Math.abs(injected["stale-token"] / 5000 - 0.05) < 0.015, JSON.stringify(injected));
  assert.is(new FaultPlan({ rates: { "500": 1 }, seed: 1 }).injector({ ...request, action: "callback-succeed" }), undefined, "only the calls a durable function makes get faults");
  assert.equal(parseFaultRates("429=0.1, drop=0.02,stale-token=0.05"), { "429": 0.1, drop: 0.02, "stale-token": 0.05 });
});

const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "dist", "cli.mjs");

test("durable serve --faults: a bad specification is a usage error (exit 2) naming what is wrong", () => {
  for (const [args, message] of [
    [["--faults", "429=0.1,foo=0.2"], /unknown fault kind "foo" \(known: 429, 500, 503, drop, slow, stale-token\)/],
    [["--faults", "429=2"], /the rate of fault 429 must be a number from 0 to 1, got 2/],
    [["--faults", "429=0.6,500=0.6"], /the fault rates add up to 1.2; .* at most 1/],
    [["--faults", "429"], /--faults takes KIND=RATE\[,KIND=RATE\]\.\.\. .*got "429"/],
    [["--faults", "429=0.1", "--seed", "x"], /--seed must be an integer, got x/],
    [["--seed", "3"], /--seed only applies with --faults/],
  ] as const) {
    const result = spawnSync(process.execPath, [cli, "serve", "--port", "0", ...args], { cwd: root, encoding: "utf8" });
    assert.is(result.status, 2, args.join(" "));
    assert.match(result.stderr, message);
  }
});

test("durable serve --faults --seed: executions still complete, and the faults injected are reported on exit", async () => {
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--quiet", "--faults", "500=0.3,stale-token=0.2", "--seed", "4", "--function", "approval=tests/reliability/serve-fixture.ts"], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    let endpoint: string | undefined;
    for (let i = 0; i < 400 && endpoint === undefined; i++) {
      endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (endpoint === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.ok(endpoint, output);
    const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
    const answer = await lambda.send(new InvokeCommand({ FunctionName: "approval", Payload: Buffer.from('{"n": 5}') }));
    lambda.destroy();
    assert.is(Buffer.from(answer.Payload!).toString(), "15");
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
  assert.match(output, /faults injected: [1-9]\d* in \d+ calls \(429 0, 500 \d+, 503 0, drop 0, slow 0, stale-token \d+\)/);
});

test("graceful stops of serve --data mid-invocation, 3 cycles, with Invokes retried by name: exit 0 each time, the retries answer the same executions, every execution succeeds without a recorded crash", async () => {
  const report = await stopCycles(3, 3, 3, 10);
  assert.equal(report.problems, []);
  assert.is(report.executions, 9);
  assert.ok(report.sameNameRetries >= 6);
});

test("a full disk under callback answers, 2 cycles (where a tmpfs can be mounted): each large answer refused with 500, none acknowledged, the real answers kept through kill -9", async () => {
  const report = await diskFullCycles(2);
  if (report.skipped !== undefined) return console.log(`  (skipped: ${report.skipped})`);
  assert.equal(report.problems, []);
  assert.is(report.faults, 2);
});

test.run();
