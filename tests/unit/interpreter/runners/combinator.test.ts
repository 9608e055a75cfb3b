import { test } from "uvu";
import * as assert from "uvu/assert";
import { all, allSettled, AllFailedError, any, createCallback, race, retryPresets, step, StepFailedError, wait, workflow } from "../../../../dsl/index";
import type { Op } from "../../../../dsl/op";
import { LocalExecution } from "../../../../lib/local/execution";
import { hashPath } from "../../../../interpreter/ids";
import { counter, invoke, newMemoryExecution, sent, shape } from "../../../support/harness";

test("race: the first participant to complete wins; the decision is recorded after the participants", async () => {
  const calls = counter();
  const wf = workflow("race", function* () {
    const first = yield* race([wait("timeout", 60), step("fast", () => { calls.tick(); return "fast"; })]);
    yield* wait("later", 1);
    return first ?? "timeout";
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  assert.equal(sent(execution).map((u) => [u.Type, u.SubType, u.Action, u.Id, u.Payload]), [
    ["WAIT", "Wait", "START", hashPath("1"), undefined],
    ["STEP", "Step", "START", hashPath("2"), undefined],
    ["STEP", "Step", "SUCCEED", hashPath("2"), '"fast"'],
    ["CONTEXT", "Race", "START", hashPath("3"), undefined],
    ["CONTEXT", "Race", "SUCCEED", hashPath("3"), '{"winner":1}'],
    ["WAIT", "Wait", "START", hashPath("4"), undefined],
  ]);
  execution.completeWait("timeout");
  execution.completeWait("later");
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"fast"' }, "the loser completing later does not change the outcome");
  assert.is(calls.count, 1);
});

test("race: when several participants are complete before the decision, the one the service completed first wins", async () => {
  let now = Date.parse("2026-01-01T00:00:00Z");
  const execution = new LocalExecution("arn:aws:lambda:us-east-1:1:function:f:$LATEST/durable-execution/race-order/x", undefined, () => new Date((now += 1000)));
  const wf = workflow("approval-or-timeout", function* () {
    const handle = yield* createCallback<string>("approval");
    const outcome = yield* race([handle.result, wait("timeout", 3600)]);
    return outcome === undefined ? "timed out" : `approved by ${outcome}`;
  });
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  execution.completeWait("timeout");
  execution.succeedCallback(execution.callbackIdOf("approval"), '"dana"');
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '"timed out"' });
  assert.equal(shape(sent(execution).at(-1)!), { Type: "CONTEXT", SubType: "Race", Action: "SUCCEED", Payload: '{"winner":1}' });
});

test("all: a tuple of results; a failure throws that participant's error, on replay too", async () => {
  const ok = workflow("all-ok", function* () {
    const [a, b] = yield* all([step("a", () => 1), step("b", () => "two")]);
    return `${a + 1}-${b.length}`;
  });
  assert.equal((await invoke(ok, newMemoryExecution())).outcome, { status: "SUCCEEDED", result: '"2-3"' });
  const failing = workflow("all-fail", function* () {
    try {
      yield* all([step("a", () => 1), step("b", () => { throw new RangeError("b broke"); }, { retry: retryPresets.none })]);
    } catch (error) {
      return `${(error as StepFailedError).errorType}: ${(error as Error).message}`;
    }
    return "no";
  });
  const execution = newMemoryExecution();
  const run = await invoke(failing, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"RangeError: b broke"' });
  assert.is(sent(execution).at(-1)!.Payload, '{"failed":1}');
  assert.equal((await invoke(failing, execution)).outcome, run.outcome);
});

test("any: the first success; AllFailedError with every error when all fail", async () => {
  const wf = workflow("any", function* () {
    const first = yield* any([step("a", () => { throw new Error("a"); }, { retry: retryPresets.none }), step("b", () => "b")]);
    try {
      yield* any([step("c", () => { throw new Error("c"); }, { retry: retryPresets.none }), step("d", () => { throw new Error("d"); }, { retry: retryPresets.none })]);
    } catch (error) {
      return [first, (error as AllFailedError).errors.map((e) => e.message), error instanceof AllFailedError];
    }
    return "no";
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '["b",["c","d"],true]' });
  assert.equal((await invoke(wf, execution)).outcome, run.outcome);
});

test("allSettled: every outcome, in order; its name is recorded on an AllSettled CONTEXT after the participants", async () => {
  const wf = workflow("settled", function* () {
    const outcomes = yield* allSettled("both", [step("a", () => 1), step("b", () => { throw new Error("no"); }, { retry: retryPresets.none })]);
    return outcomes.map((outcome) => outcome.status === "fulfilled" ? outcome.value : outcome.reason.message);
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '[1,"no"]' });
  const contexts = sent(execution).filter((u) => u.Type === "CONTEXT");
  assert.equal(contexts.map((u) => [u.SubType, u.Name, u.Action, u.Id, u.Payload]), [
    ["AllSettled", "both", "START", hashPath("3"), undefined],
    ["AllSettled", "both", "SUCCEED", hashPath("3"), '{"allSettled":true}'],
  ]);
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, { status: "SUCCEEDED", result: '[1,"no"]' });
});

test("operations after a combinator take the positions after its participants and its record", async () => {
  const wf = workflow("positions", function* () {
    yield* race([step("a", () => 1), step("b", () => 2)]);
    return yield* step("after", () => "after");
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  assert.is(sent(execution).find((u) => u.Name === "after")!.Id, hashPath("4"));
});

test("bad combinator input is a usage error", () => {
  assert.throws(() => all([1 as never]), /all\(\) needs operations \(step\(\), wait\(\), \.\.\.\), got 1 at index 0/);
  assert.throws(() => race([]), /race\(\) needs at least one operation/);
});

test("a named combinator records its name on the decision CONTEXT; a replay checks it like any name", async () => {
  const named = (name: string) => workflow("named", function* () {
    const [a, b] = yield* all(name, [step("a", () => 1), step("b", () => 2)]);
    yield* wait("after", 1);
    return a + b;
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(named("both"), execution)).outcome, { status: "PENDING" });
  const decision = sent(execution).filter((update) => update.SubType === "All");
  assert.equal(decision.map((update) => [update.Name, update.Action, update.Payload]), [["both", "START", undefined], ["both", "SUCCEED", '{"allSucceeded":true}']]);
  execution.completeWait("after");
  const renamed = await invoke(named("pair"), execution);
  assert.is(renamed.outcome.status, "FAILED");
  assert.match(JSON.stringify(renamed.outcome), /recorded CONTEXT\/All \\"both\\", the code now runs CONTEXT\/All \\"pair\\"/);
  assert.equal((await invoke(named("both"), execution)).outcome, { status: "SUCCEEDED", result: "3" });
});

test("race is typed T | undefined, and names are checked like every operation's", () => {
  const typed: Op<string | number | undefined> = race("first", [step("s", () => "x"), step("t", () => 2)]);
  assert.ok(typed);
  assert.throws(() => all("", [step("s", () => 1)]), /all\(\) needs a non-empty name/);
  assert.throws(() => any("x".repeat(300), [step("s", () => 1)]), /has a name of 300 characters/);
  assert.throws(() => (allSettled as (name: string) => unknown)("only a name"), /allSettled\(\) needs an array of operations/);
});

test.run();
