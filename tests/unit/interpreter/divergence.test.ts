import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, NonDeterminismError, step, wait, workflow } from "../../../dsl/index";
import { counter, invoke, newMemoryExecution } from "../../support/harness";

const original = workflow("order", function* () {
  yield* step("price", () => 10);
  yield* wait("cool-off", 5);
  return yield* step("charge", () => "charged");
});

async function recorded() {
  const execution = newMemoryExecution();
  await invoke(original, execution);
  execution.completeWait("cool-off");
  return execution;
}

test("a renamed operation fails the execution with NonDeterminismError naming the position, the recorded and the current operation", async () => {
  const renamed = workflow("order", function* () {
    yield* step("compute-price", () => 10);
    yield* wait("cool-off", 5);
    return yield* step("charge", () => "charged");
  });
  const run = await invoke(renamed, await recorded());
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status !== "FAILED") return;
  assert.is(run.outcome.error.ErrorType, "NonDeterminismError");
  assert.match(run.outcome.error.ErrorMessage!, /at operation 1 \(id c4ca4238a0b92382\): recorded STEP\/Step "price", the code now runs STEP\/Step "compute-price"/);
  assert.equal(run.divergence, {
    path: "1",
    id: "c4ca4238a0b92382",
    recorded: { type: "STEP", subType: "Step", name: "price" },
    current: { type: "STEP", subType: "Step", name: "compute-price" },
    hint: 'an operation was renamed from "price" to "compute-price", or "compute-price" was inserted before "price"',
  });
});

test("an operation of another type at a recorded position is a non-determinism, not catchable by the workflow", async () => {
  const calls = counter();
  const changed = workflow("order", function* () {
    yield* step("price", () => 10);
    try {
      yield* step("cool-off", () => calls.tick());
    } catch {
      return "caught";
    }
    return "continued";
  });
  const run = await invoke(changed, await recorded());
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status === "FAILED") assert.match(run.outcome.error.ErrorMessage!, /recorded WAIT\/Wait "cool-off", the code now runs STEP\/Step "cool-off"/);
  assert.is(calls.count, 0, "the mismatching step's function never runs");
});

test("a non-determinism inside a child context names the nested position", async () => {
  const first = workflow("nested", function* () { return yield* child("c", function* () { yield* step("a", () => 1); yield* wait("w", 1); }); });
  const execution = newMemoryExecution();
  await invoke(first, execution);
  const second = workflow("nested", function* () { return yield* child("c", function* () { yield* step("a", () => 1); yield* step("w", () => 1); }); });
  const run = await invoke(second, execution);
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status === "FAILED") assert.match(run.outcome.error.ErrorMessage!, /at operation 1-2 /);
  assert.ok(new NonDeterminismError("x") instanceof Error);
});

test("appending operations after the recorded ones is not a non-determinism", async () => {
  const extended = workflow("order", function* () {
    yield* step("price", () => 10);
    yield* wait("cool-off", 5);
    const charged = yield* step("charge", () => "charged");
    return `${charged}+${yield* step("receipt", () => "sent")}`;
  });
  const run = await invoke(extended, await recorded());
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"charged+sent"' });
});

test.run();
