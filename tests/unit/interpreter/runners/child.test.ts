import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, ChildFailedError, retryPresets, step, workflow } from "../../../../dsl/index";
import { hashPath } from "../../../../interpreter/ids";
import { counter, invoke, newMemoryExecution, sent, shape } from "../../../support/harness";

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
