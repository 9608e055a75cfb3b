import { test } from "uvu";
import * as assert from "uvu/assert";
import { ChildFailedError, DurableUsageError, retryPresets, saga, step, wait, workflow } from "../../../dsl/index";
import { runLocal } from "../../../lib/local/run-local";

function trip(failAt: "none" | "car", calls: string[], opts: { failingUndo?: boolean } = {}) {
  const run = (name: string, fail = false) => () => {
    calls.push(name);
    if (fail) throw new Error(`${name} refused`);
    return name;
  };
  return workflow("trip", function* () {
    try {
      return yield* saga("book", function* (undo) {
        yield* step("flight", run("flight"));
        undo.compensate(step("cancel-flight", run("cancel-flight")));
        yield* wait("settle", 60);
        yield* step("hotel", run("hotel"));
        undo.compensate(function* () {
          yield* step("cancel-hotel", run("cancel-hotel", opts.failingUndo), { retry: retryPresets.none });
          yield* step("email-hotel", run("email-hotel"));
        });
        yield* step("car", run("car", failAt === "car"), { retry: retryPresets.none });
        return "booked";
      });
    } catch (error) {
      assert.instance(error, ChildFailedError);
      return `rolled back: ${(error as Error).message}`;
    }
  });
}

test("saga: when nothing fails, no compensation runs and the body's result comes back", async () => {
  const calls: string[] = [];
  const run = await runLocal(trip("none", calls), undefined);
  assert.is(run.result, "booked");
  assert.equal(calls, ["flight", "hotel", "car"], "replays after the wait did not run the flight again");
});

test("saga: a failure runs the compensations in reverse order of registration, in the saga's context, then rethrows", async () => {
  const calls: string[] = [];
  const run = await runLocal(trip("car", calls), undefined);
  assert.is(run.result, "rolled back: car refused");
  assert.equal(calls, ["flight", "hotel", "car", "cancel-hotel", "email-hotel", "cancel-flight"]);
  const book = run.operations.find((operation) => operation.Name === "book")!;
  assert.is(book.Status, "FAILED");
  for (const name of ["cancel-hotel", "email-hotel", "cancel-flight"]) {
    assert.is(run.operations.find((operation) => operation.Name === name)?.ParentId, book.Id, `${name} runs inside the saga's context`);
  }
});

test("saga: a failing compensation does not stop the others; the saga then fails with every failure named", async () => {
  const calls: string[] = [];
  const run = await runLocal(trip("car", calls, { failingUndo: true }), undefined);
  assert.equal(calls, ["flight", "hotel", "car", "cancel-hotel", "cancel-flight"]);
  assert.is(run.result, "rolled back: car refused; then 1 compensation(s) failed: cancel-hotel refused");
  const book = run.operations.find((operation) => operation.Name === "book")!;
  assert.is(book.ContextDetails?.Error?.ErrorType, "CompensationFailedError");
});

test("saga: misuse is a DurableUsageError naming the saga", async () => {
  assert.throws(() => saga("", function* () {}), (error: Error) => error instanceof DurableUsageError && /saga\(\) needs a non-empty name/.test(error.message));
  const misused = workflow("misused", function* () {
    return yield* saga("book", function* (undo) {
      undo.compensate(42 as never);
    });
  });
  const run = await runLocal(misused, undefined);
  assert.is(run.status, "FAILED");
  assert.match(run.error?.ErrorMessage ?? "", /saga\("book"\) compensate\(\) takes an operation or a generator function/);
});

test.run();
