import { test } from "uvu";
import * as assert from "uvu/assert";
import { all, child, createCallback, map, race, step, wait, workflow } from "../../../dsl/index";
import { hashPath } from "../../../interpreter/ids";
import { replay } from "../../../lib/replay/replay";
import { invoke, newMemoryExecution } from "../../support/harness";

// What the run checks about the recorded operations it reaches: several waiters on one, and recorded operations a
// finished workflow never reached (a NonDeterminismError), without false alarms for what it legitimately passes over.

test("several fibers awaiting the same operation all wake in the same invocation", async () => {
  const execution = newMemoryExecution();
  const wf = workflow("two-waiters", function* () {
    const handle = yield* createCallback<string>("approval");
    return yield* all("both", [
      child("x", function* () { return yield* handle.result; }),
      child("y", function* () { return yield* handle.result; }),
      step("answer", () => { execution.succeedCallback(handle.callbackId, '"ok"'); return 0; }),
    ]);
  });
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '["ok","ok",0]' }, "both children woke when the service reported the callback");
});

async function recordedSteps(names: readonly string[]) {
  const execution = newMemoryExecution();
  const wf = workflow("steps", function* () {
    for (const name of names) yield* step(name, () => name);
    return "done";
  });
  assert.is((await invoke(wf, execution)).outcome.status, "SUCCEEDED");
  return execution;
}

test("a recorded operation the finished code never reached fails the execution with a NonDeterminismError naming its position", async () => {
  const execution = await recordedSteps(["a", "b"]);
  const shorter = workflow("steps", function* () {
    yield* step("a", () => "a");
    return "done";
  });
  const run = await invoke(shorter, execution);
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status !== "FAILED") return;
  assert.is(run.outcome.error.ErrorType, "NonDeterminismError");
  assert.match(run.outcome.error.ErrorMessage!, /at operation 2 \(id [0-9a-f]{16}\): the code ended without reaching the recorded STEP\/Step "b"/);
  assert.equal(run.divergence?.path, "2");
  assert.is(run.divergence?.current, undefined);
});

test("the live verdict on unreached operations is the one `durable replay` gives", async () => {
  const execution = await recordedSteps(["a", "b", "c"]);
  const shorter = workflow("steps", function* () {
    yield* step("a", () => "a");
    return "done";
  });
  const live = await invoke(shorter, execution);
  const replayed = await replay(shorter, execution.all());
  assert.equal(replayed.divergence, live.divergence);
  assert.match(live.divergence!.hint, /and 1 more recorded operation\)/);
});

test("a long history with a short workflow fails too (it used to end SUCCEEDED)", async () => {
  const names = Array.from({ length: 500 }, (_, i) => `s${i}`);
  const execution = await recordedSteps(names);
  const short = workflow("steps", function* () {
    yield* step("s0", () => "s0");
    yield* step("s1", () => "s1");
    return "done";
  });
  const run = await invoke(short, execution);
  assert.is(run.outcome.status, "FAILED");
  assert.equal(run.divergence?.path, "3");
});

test("no false alarm: a race's loser, recorded but passed over on replay", async () => {
  const wf = workflow("race", function* () {
    const winner = yield* race("first", [wait("slow", 3600), step("fast", () => "fast")]);
    yield* wait("after", 1);
    return winner;
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  execution.completeWait("after");
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '"fast"' });
});

test("no false alarm: the operations inside a completed child context, which a replay does not run", async () => {
  const wf = workflow("child", function* () {
    const total = yield* child("c", function* () { return (yield* step("a", () => 1)) + (yield* step("b", () => 2)); });
    yield* wait("after", 1);
    return total;
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  execution.completeWait("after");
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: "3" });
});

test("no false alarm: a map item still running when its batch completed, with operations it recorded", async () => {
  const wf = workflow("first-done", function* () {
    const result = yield* map("m", [0, 1], function* (item) {
      if (item === 0) {
        yield* wait("w0", 1);
        return "quick";
      }
      yield* step("s1", () => "started");
      yield* wait("w1", 3600);
      return "slow";
    }, { completion: { minSuccessful: 1 } });
    return result.all.map((entry) => entry.status);
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  assert.is(execution.get(hashPath("1-2-1"))?.Status, "SUCCEEDED", "item 1 recorded its step");
  execution.completeWait("w0");
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '["SUCCEEDED","STARTED"]' });
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '["SUCCEEDED","STARTED"]' }, "and on a replay of the completed batch");
});

test("no false alarm: a flat map item left running at completion", async () => {
  const wf = workflow("first-done-flat", function* () {
    const result = yield* map("m", [0, 1], function* (item) {
      if (item === 0) {
        yield* wait("w0", 1);
        return "quick";
      }
      yield* step("s1", () => "started");
      yield* wait("w1", 3600);
      return "slow";
    }, { completion: { minSuccessful: 1 }, nesting: "flat" });
    return result.successCount;
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  execution.completeWait("w0");
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: "1" });
});

test.run();
