import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, ChildFailedError, ConditionFailedError, retryPresets, step, waitForCondition, waitStrategy, workflow } from "../../dsl/index";
import { hashPath } from "../../interpreter/ids";
import { counter, invoke, newMemoryExecution, sent, shape } from "../support/harness";

test("waitForCondition: each poll is START then RETRY carrying the state; the last one SUCCEEDs with it", async () => {
  const seen: [number, number][] = [];
  const wf = workflow("poll", function* () {
    return yield* waitForCondition("poll", async (state: number, ctx) => { seen.push([state, ctx.attempt]); return state + 1; },
      { initialState: 0, wait: waitStrategy<number>({ until: (s) => s >= 2, initialDelay: 3, jitter: "none" }) });
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  assert.equal(sent(execution).map(shape), [
    { Type: "STEP", SubType: "WaitForCondition", Name: "poll", Action: "START" },
    { Type: "STEP", SubType: "WaitForCondition", Name: "poll", Action: "RETRY", Payload: "1", StepOptions: { NextAttemptDelaySeconds: 3 } },
  ]);
  execution.passRetryDelays();
  const done = await invoke(wf, execution);
  assert.equal(done.outcome, { status: "SUCCEEDED", result: "2" });
  assert.equal(seen, [[0, 1], [1, 2]], "the second poll starts from the recorded state");
  assert.equal(shape(sent(execution).at(-1)!), { Type: "STEP", SubType: "WaitForCondition", Name: "poll", Action: "SUCCEED", Payload: "2" });
  assert.equal((await invoke(wf, execution)).outcome, done.outcome);
  assert.is(seen.length, 2);
});

test("waitForCondition: maxAttempts without the condition fails with ConditionFailedError; a throwing check is not retried", async () => {
  const wf = workflow("poll-fail", function* () {
    const messages: string[] = [];
    try {
      yield* waitForCondition("never", (s: number) => s, { initialState: 0, wait: waitStrategy<number>({ until: () => false, maxAttempts: 1 }) });
    } catch (error) {
      messages.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
    try {
      yield* waitForCondition("throws", () => { throw new Error("api down"); }, { initialState: 0, wait: waitStrategy<number>({ until: () => true }) });
    } catch (error) {
      messages.push(`${error instanceof ConditionFailedError}: ${(error as Error).message}`);
    }
    return messages;
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify(["ConditionFailedError: the condition was still not met after 1 checks", "true: api down"]) });
});

test("child: CONTEXT START, the body's operations parented to it with nested ids, then SUCCEED with the result", async () => {
  const calls = counter();
  const wf = workflow("billing", function* () {
    const fee = yield* child("billing", function* () {
      const base = yield* step("base", () => { calls.tick(); return 10; });
      return yield* step("fee", () => base + 1);
    });
    const after = yield* step("after", () => fee * 2);
    return after;
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "22" });
  const ctx = hashPath("1");
  assert.equal(sent(execution).map((u) => [u.Id, u.ParentId, u.Type, u.Action, u.Payload]), [
    [ctx, undefined, "CONTEXT", "START", undefined],
    [hashPath("1-1"), ctx, "STEP", "START", undefined],
    [hashPath("1-1"), ctx, "STEP", "SUCCEED", "10"],
    [hashPath("1-2"), ctx, "STEP", "START", undefined],
    [hashPath("1-2"), ctx, "STEP", "SUCCEED", "11"],
    [ctx, undefined, "CONTEXT", "SUCCEED", "11"],
    [hashPath("2"), undefined, "STEP", "START", undefined],
    [hashPath("2"), undefined, "STEP", "SUCCEED", "22"],
  ]);
  assert.equal(shape(sent(execution)[0]!), { Type: "CONTEXT", SubType: "RunInChildContext", Name: "billing", Action: "START" });
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, run.outcome);
  assert.is(replay.replayed, 2, "a completed child is one replayed operation: its body does not run");
  assert.is(calls.count, 1);
});

test("child: a failure inside records CONTEXT FAIL and throws ChildFailedError carrying the root cause", async () => {
  const wf = workflow("child-fails", function* () {
    try {
      yield* child("inner", function* () {
        yield* step("boom", () => { throw new TypeError("broken"); }, { retry: retryPresets.none });
      });
    } catch (error) {
      if (error instanceof ChildFailedError) return `${error.errorType}: ${error.message}`;
    }
    return "no";
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"TypeError: broken"' });
  const fail = sent(execution).at(-1)!;
  assert.equal([fail.Type, fail.Action, fail.Error?.ErrorType], ["CONTEXT", "FAIL", "TypeError"]);
  assert.equal((await invoke(wf, execution)).outcome, run.outcome);
});

test("child: a result over 256 KB is checkpointed with ReplayChildren and rebuilt on replay from its children", async () => {
  const calls = counter();
  const wf = workflow("big-child", function* () {
    const parts = yield* child("parts", function* () {
      const a = yield* step("a", () => { calls.tick(); return "a".repeat(150 * 1024); });
      const b = yield* step("b", () => { calls.tick(); return "b".repeat(150 * 1024); });
      return [a, b];
    });
    return parts.map((part) => part.length);
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "[153600,153600]" });
  assert.equal(shape(sent(execution).at(-1)!), { Type: "CONTEXT", SubType: "RunInChildContext", Name: "parts", Action: "SUCCEED", Payload: "", ContextOptions: { ReplayChildren: true } });
  const checkpointsBefore = execution.checkpoints.length;
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, run.outcome);
  assert.is(calls.count, 2, "the children replay from history");
  assert.is(execution.checkpoints.length, checkpointsBefore, "replay sends nothing");
});

test("child: a custom subType is recorded on the CONTEXT", async () => {
  const wf = workflow("sub", function* () { return yield* child("grouped", function* () { return 1; }, { subType: "Grouping" }); });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  assert.is(sent(execution)[0]!.SubType, "Grouping");
});

test.run();
