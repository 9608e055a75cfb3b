import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { all, map, parallel, race, retryPresets, step, workflow, type CompletionPolicy, type OpGenerator } from "../../../dsl/index";
import { counter, invoke, newMemoryExecution, sent } from "../../support/harness";

interface Shape {
  items: { steps: number; fails: boolean; delays: number[] }[];
  maxConcurrency: number;
  policy: CompletionPolicy | undefined;
  nesting: "nested" | "flat";
  combinator: "none" | "all" | "race";
}

const shapes: fc.Arbitrary<Shape> = fc.record({
  items: fc.array(fc.record({ steps: fc.integer({ min: 1, max: 3 }), fails: fc.boolean(), delays: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }) }), { minLength: 0, maxLength: 6 }),
  maxConcurrency: fc.integer({ min: 1, max: 4 }),
  policy: fc.option(fc.oneof(
    fc.record({ minSuccessful: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ toleratedFailureCount: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ toleratedFailurePercentage: fc.integer({ min: 0, max: 100 }) }),
  ), { nil: undefined }),
  nesting: fc.constantFrom("nested" as const, "flat" as const),
  combinator: fc.constantFrom("none" as const, "all" as const, "race" as const),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A workflow of the given shape whose step functions finish after random delays, so completions arrive in random orders. */
function workflowOf(shape: Shape, calls: { tick: () => number }) {
  const item = (index: number) => function* (): OpGenerator<string> {
    const spec = shape.items[index]!;
    let last = "";
    for (let s = 0; s < spec.steps; s++) {
      last = yield* step(`s${s}`, async () => {
        calls.tick();
        await sleep(spec.delays[s] ?? 0);
        if (spec.fails && s === spec.steps - 1) throw new Error(`item ${index} failed`);
        return `${index}.${s}`;
      }, { retry: retryPresets.none });
    }
    return last;
  };
  return workflow("shape", function* () {
    const batch = yield* map("batch", shape.items.map((_, i) => i), (i) => item(i)(), { maxConcurrency: shape.maxConcurrency, completion: shape.policy, nesting: shape.nesting });
    const branches = yield* parallel("branches", [item(0), item(1)].slice(0, Math.min(2, shape.items.length)), { completion: { toleratedFailureCount: 2 } });
    let combined: unknown = null;
    if (shape.combinator !== "none") {
      const ops = [step("c0", async () => { calls.tick(); await sleep(shape.items[0]?.delays[0] ?? 1); return "c0"; }), step("c1", async () => { calls.tick(); await sleep(shape.items[0]?.delays[1] ?? 2); return "c1"; })] as const;
      combined = shape.combinator === "all" ? yield* all(ops) : yield* race(ops);
    }
    return { batch: batch.toJSON(), branches: branches.toJSON(), combined };
  });
}

test("any shape, any completion order: a recorded history replays to the same result, running no user function and checkpointing nothing", async () => {
  await fc.assert(fc.asyncProperty(shapes, async (shape) => {
    const calls = counter();
    const wf = workflowOf(shape, calls);
    const execution = newMemoryExecution();
    const first = await invoke(wf, execution);
    assert.is(first.outcome.status, "SUCCEEDED", JSON.stringify(first.outcome));
    await sleep(6);
    const ranBefore = calls.count;
    const checkpointsBefore = execution.checkpoints.length;
    const replay = await invoke(wf, execution);
    assert.equal(replay.outcome, first.outcome);
    assert.is(calls.count, ranBefore, "no user function ran on replay");
    assert.is(execution.checkpoints.length, checkpointsBefore, "replay checkpointed nothing");
  }), { numRuns: 40 });
});

test("operation ids never depend on timing: the same shape run with the delays reversed records the same ids and names", async () => {
  await fc.assert(fc.asyncProperty(shapes.filter((shape) => shape.policy === undefined && shape.items.every((item) => !item.fails) && shape.combinator !== "race"), async (shape) => {
    const reversed: Shape = { ...shape, items: shape.items.map((item) => ({ ...item, delays: item.delays.map((d) => 4 - d) })) };
    const idsOf = async (s: Shape) => {
      const execution = newMemoryExecution();
      const run = await invoke(workflowOf(s, counter()), execution);
      return { outcome: run.outcome, ids: sent(execution).map((u) => `${u.Id}/${u.ParentId}/${u.Name}/${u.Action}`).sort() };
    };
    const a = await idsOf(shape);
    const b = await idsOf(reversed);
    assert.equal(a.ids, b.ids);
    assert.equal(a.outcome, b.outcome);
  }), { numRuns: 15 });
});

test.run();
