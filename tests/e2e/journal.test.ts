import { test } from "uvu";
import * as assert from "uvu/assert";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { step, waitForCallback, workflow } from "../../lib/index";
import { Journal, JournalCorruptError } from "../../lib/local/journal";
import { LocalService } from "../../lib/local/service";
import { journalKills, serveData } from "../reliability/journal-kill";
import { tempDir } from "../support/temp-dir";

const START = { type: "start", arn: "a", at: 1, functionName: "f", name: "n", input: '{"x":"é"}', timeoutSeconds: 60, callbackSecret: "s", token: "t0" } as const;

test("the journal drops a torn last line (never acknowledged) and names a corrupt line before it", () => {
  const dir = tempDir("durable-journal-");
  const journal = new Journal(dir);
  journal.append(START);
  journal.close();
  appendFileSync(journal.file, '0badc0de {"type":"checkpoint","arn":"a","at":2,"tok');
  assert.equal(new Journal(dir).read().map((change) => change.type), ["start"]);
  assert.is(readFileSync(journal.file, "utf8").split("\n").length, 3, "the torn line was cut off, so new changes start on a line of their own");
  const header = readFileSync(journal.file, "utf8").split("\n")[0];
  writeFileSync(journal.file, `${header}\nnot json\n${readFileSync(journal.file, "utf8").split("\n")[1]}\n`);
  assert.throws(() => new Journal(dir).read(), (error: Error) => error instanceof JournalCorruptError && /journal\.ndjson line 2 is corrupt \(not a checksummed record\)/.test(error.message));
});

test("a write torn at any byte: the journal still loads, with every complete record before it", () => {
  const dir = tempDir("durable-journal-");
  const journal = new Journal(dir);
  journal.append(START);
  journal.append({ type: "checkpoint", arn: "a", at: 2, token: "t0", nextToken: "t1", updates: [{ Id: "1", Type: "STEP", Action: "SUCCEED", Payload: '"ü"' }] });
  journal.append({ type: "wait-elapsed", arn: "a", at: 3, operationId: "2" });
  journal.close();
  const whole = readFileSync(journal.file);
  const ends = [...whole.entries()].filter(([, byte]) => byte === 10).map(([index]) => index + 1);
  for (let cut = ends[0]!; cut <= whole.length; cut++) {
    writeFileSync(journal.file, whole.subarray(0, cut));
    const complete = ends.filter((end) => end <= cut).length - 1;
    assert.is(new Journal(dir).read().length, complete, `cut at byte ${cut}`);
    assert.is(readFileSync(journal.file).length, ends[complete], "the torn tail is cut off");
  }
});

test("a restore stops at a record it cannot replay, naming its line: an unknown change type, a broken token chain, a record of an execution that never started", () => {
  const dir = tempDir("durable-journal-");
  const flow = workflow("flow", function* () {
    return yield* step("one", () => 1);
  });
  for (const [what, record, message] of [
    ["an unknown type", { type: "mystery", arn: "x", at: 1 }, /line 2 is corrupt \(unknown change type "mystery"\)/],
    ["a broken token chain", { type: "checkpoint", arn: START.arn, at: 2, token: "not-t0", nextToken: "t1", updates: [] }, /line 3 is corrupt \(InvalidParameterValueException: Invalid Checkpoint Token/],
    ["an execution never started", { type: "wait-elapsed", arn: "nobody", at: 2, operationId: "w" }, /line 3 is corrupt \(ResourceNotFoundException: Durable execution nobody not found\)/],
  ] as const) {
    writeFileSync(join(dir, "journal.ndjson"), "");
    const journal = new Journal(dir);
    if (what !== "an unknown type") journal.append(START);
    journal.append(record as never);
    journal.close();
    const service = new LocalService({ journal: new Journal(dir) });
    service.register("f", flow);
    assert.throws(() => service.load(), (error: Error) => error instanceof JournalCorruptError && message.test(error.message), what);
  }
});

test("kill -9 of serve --data at seeded random moments while executions write, 4 times: after each restart no record is corrupt, every acknowledged start, event and step is there; at the end every execution completes", async () => {
  const report = await journalKills(5, 4);
  assert.equal(report.problems, []);
  assert.is(report.executions, 8);
  assert.ok(report.acknowledgedEvents > 0);
});

test("a new service on the same journal rebuilds the executions and carries on with the running ones", async () => {
  const dir = tempDir("durable-journal-");
  const flow = workflow("flow", function* () {
    const first = yield* step("first", () => 1);
    const answer = yield* waitForCallback<number>("answer", () => {});
    return first + answer;
  });
  const before = new LocalService({ journal: new Journal(dir) });
  before.register("flow", flow);
  const execution = before.start("flow", undefined, "survivor");
  for (let i = 0; i < 200 && !execution.all().some((op) => op.Type === "CALLBACK"); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  const callbackId = execution.all().find((op) => op.Type === "CALLBACK")!.CallbackDetails!.CallbackId!;
  const eventsBefore = execution.history.events.map((event) => event.EventType);

  const after = new LocalService({ journal: new Journal(dir) });
  after.register("flow", flow);
  assert.is(after.restore(), 1);
  const restored = after.get(execution.executionArn);
  assert.equal(restored.history.events.slice(0, eventsBefore.length).map((event) => event.EventType), eventsBefore);
  assert.equal(restored.all(), execution.all(), "every operation as it was");
  after.succeedCallback(callbackId, "41");
  const done = await after.result(execution.executionArn);
  assert.is(done.status, "SUCCEEDED");
  assert.is(done.result, "42");
});

const client = (endpoint: string) => new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });

test("kill -9 the server while an execution waits; start it again on the same --data: nothing acknowledged is lost and the execution completes", async () => {
  const data = tempDir("durable-serve-");
  const first = serveData(data, "approval=tests/e2e/fixtures/approval.ts");
  const lambda = client(await first.endpoint);
  const started = await lambda.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: "kill-me", Payload: Buffer.from('{"id":"o-1"}') }));
  const arn = started.DurableExecutionArn!;
  let callbackId: string | undefined;
  for (let i = 0; i < 300 && callbackId === undefined; i++) {
    const history = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    callbackId = history.Events?.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    if (callbackId === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(callbackId, "the execution reached its callback");
  const acknowledged = (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events!.map((event) => event.EventType);
  lambda.destroy();
  await first.kill();

  const second = serveData(data, "approval=tests/e2e/fixtures/approval.ts");
  const again = client(await second.endpoint);
  try {
    const history = (await again.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events!.map((event) => event.EventType);
    assert.equal(history.slice(0, acknowledged.length), acknowledged, "every acknowledged event is still there");
    await again.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId!, Result: Buffer.from('{"ok": true}') }));
    let status: string | undefined;
    for (let i = 0; i < 300 && status !== "SUCCEEDED" && status !== "FAILED"; i++) {
      status = (await again.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status;
      if (status === "RUNNING") await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const execution = await again.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    assert.is(execution.Status, "SUCCEEDED");
    assert.equal(JSON.parse(execution.Result!), { checked: "checked o-1", ok: true });
  } finally {
    again.destroy();
    await second.kill();
  }
});

test.run();
