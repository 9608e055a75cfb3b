import { test } from "uvu";
import * as assert from "uvu/assert";
import { all, child, map, race, saga, step, wait, waitForCallback, workflow } from "../../dsl/index";
import { runLocal } from "../../lib/local/run-local";

async function warnings(wf: Parameters<typeof runLocal>[0], options: Parameters<typeof runLocal>[2] = {}): Promise<{ status: string; warnings: string[] }> {
  const lines: string[] = [];
  const run = await runLocal(wf, undefined, { ...options, log: (line) => lines.push(line) });
  const warned = lines.map((line) => JSON.parse(line) as { level: string; message: string }).filter((line) => line.level === "WARN").map((line) => line.message);
  return { status: run.status, warnings: warned };
}

test("an operation built and never yielded is reported once, when the workflow ends, with where it was built", async () => {
  const forgetful = workflow("forgetful", function* () {
    step("audit", () => "never runs");
    yield* wait("pause", 5);
    yield* child("ship", function* () {
      yield* step("label", () => 1);
      wait("cool-off", 5);
      return 1;
    });
    return "done";
  });
  const run = await warnings(forgetful);
  assert.is(run.status, "SUCCEEDED");
  assert.equal(run.warnings, [
    'step "audit" was built in the workflow body, before its first operation, but never yielded, so it never ran: write `yield* step(...)` (a descriptor does nothing until the workflow yields it)',
    'wait "cool-off" was built in the context at operation 2, after operation 2-1, but never yielded, so it never ran: write `yield* wait(...)` (a descriptor does nothing until the workflow yields it)',
  ]);
});

test("a map item's forgotten operation is reported; a failed workflow reports too", async () => {
  const failing = workflow("failing", function* () {
    yield* map("items", [1], function* (item) {
      step(`item-${item}`, () => item);
      return item;
    });
    throw new Error("boom");
  });
  const run = await warnings(failing);
  assert.is(run.status, "FAILED");
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!, /^step "item-1" was built in the context at operation 1-1, before its first operation, but never yielded/);
});

test("nothing is reported for yielded operations, kept descriptors yielded later, combinator participants, composites' inner parts and a saga's unused undos", async () => {
  const careful = workflow("careful", function* () {
    const later = step("later", () => 1);
    yield* wait("pause", 5);
    yield* later;
    yield* all("both", [step("a", () => 1), step("b", () => 2)]);
    yield* race("first", [wait("slow", 60), step("fast", () => 1)]);
    yield* waitForCallback("approval", () => {});
    return yield* saga("trip", function* (scope) {
      yield* step("book", () => 1);
      scope.compensate(step("cancel", () => 0));
      return "booked";
    });
  });
  const run = await warnings(careful, { callbacks: { approval: { succeed: true } } });
  assert.is(run.status, "SUCCEEDED");
  assert.equal(run.warnings, []);
});

test("an invocation that suspends reports nothing: the descriptor may be yielded after the suspension", async () => {
  const lines: string[] = [];
  const run = await runLocal(workflow("kept", function* () {
    const after = step("after", () => 1);
    yield* wait("pause", 5);
    return yield* after;
  }), undefined, { log: (line) => lines.push(line) });
  assert.is(run.status, "SUCCEEDED");
  assert.is(run.invocations.length, 2);
  assert.equal(lines.filter((line) => line.includes('"WARN"')), []);
});

test.run();
