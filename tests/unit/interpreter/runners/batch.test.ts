import { test } from "uvu";
import * as assert from "uvu/assert";
import { ChildFailedError, DurableUsageError, map, parallel, retryPresets, step, wait, workflow, type BatchResult, type Serdes } from "../../../../dsl/index";
import { hashPath } from "../../../../interpreter/ids";
import { counter, invoke, newMemoryExecution, sent, shape } from "../../../support/harness";
import { fanOutExecution } from "../../../bench/fan-out";
import { ours } from "../../../bench/contenders";

const greet = workflow("greet", function* (names: string[]) {
  const batch = yield* map("map", names, function* (name) { return yield* step("greet", () => `Hello, ${name}!`); }, { maxConcurrency: 1 });
  return batch.getResults();
});

test("map: a Map CONTEXT, one MapIteration CONTEXT per item (map-item-i) with its operations inside, the BatchResult JSON as the result", async () => {
  const execution = newMemoryExecution(["World", "Kiro"]);
  const run = await invoke(greet, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '["Hello, World!","Hello, Kiro!"]' });
  const map1 = hashPath("1");
  assert.equal(sent(execution).map((u) => [u.Type, u.SubType, u.Name, u.Action, u.Id, u.ParentId ?? null]), [
    ["CONTEXT", "Map", "map", "START", map1, null],
    ["CONTEXT", "MapIteration", "map-item-0", "START", hashPath("1-1"), map1],
    ["STEP", "Step", "greet", "START", hashPath("1-1-1"), hashPath("1-1")],
    ["STEP", "Step", "greet", "SUCCEED", hashPath("1-1-1"), hashPath("1-1")],
    ["CONTEXT", "MapIteration", "map-item-0", "SUCCEED", hashPath("1-1"), map1],
    ["CONTEXT", "MapIteration", "map-item-1", "START", hashPath("1-2"), map1],
    ["STEP", "Step", "greet", "START", hashPath("1-2-1"), hashPath("1-2")],
    ["STEP", "Step", "greet", "SUCCEED", hashPath("1-2-1"), hashPath("1-2")],
    ["CONTEXT", "MapIteration", "map-item-1", "SUCCEED", hashPath("1-2"), map1],
    ["CONTEXT", "Map", "map", "SUCCEED", map1, null],
  ]);
  assert.is(sent(execution).at(-1)!.Payload, '{"all":[{"index":0,"status":"SUCCEEDED","result":"Hello, World!"},{"index":1,"status":"SUCCEEDED","result":"Hello, Kiro!"}],"completionReason":"ALL_COMPLETED"}');
  const checkpoints = execution.checkpoints.length;
  const replay = await invoke(greet, execution);
  assert.equal(replay.outcome, run.outcome);
  assert.is(replay.replayed, 1, "a completed map is one replayed operation");
  assert.is(execution.checkpoints.length, checkpoints);
});

test("an empty list still checkpoints the Map CONTEXT START and SUCCEED", async () => {
  const execution = newMemoryExecution([]);
  const run = await invoke(greet, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "[]" });
  assert.equal(sent(execution).map(shape), [
    { Type: "CONTEXT", SubType: "Map", Name: "map", Action: "START" },
    { Type: "CONTEXT", SubType: "Map", Name: "map", Action: "SUCCEED", Payload: '{"all":[],"completionReason":"ALL_COMPLETED"}' },
  ]);
});

test("the item function receives the item and its index; itemName names the iterations", async () => {
  const wf = workflow("named", function* () {
    const batch = yield* map("ship", [{ sku: "a" }, { sku: "b" }], function* (line, index) {
      return yield* step("ship", () => `${line.sku}@${index}`);
    }, { itemName: (line) => `ship-${line.sku}` });
    return batch.getResults();
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '["a@0","b@1"]' });
  assert.equal(sent(execution).filter((u) => u.SubType === "MapIteration" && u.Action === "START").map((u) => u.Name), ["ship-a", "ship-b"]);
});

test("parallel: ParallelBranch contexts named parallel-branch-i unless the branch has a name", async () => {
  const wf = workflow("notify", function* () {
    const result = yield* parallel("notify", [
      function* () { return yield* step("email", () => 1); },
      { name: "sms", run: function* () { return yield* step("sms", () => 2); } },
    ]);
    return result.getResults();
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: "[1,2]" });
  const contexts = sent(execution).filter((u) => u.Type === "CONTEXT" && u.Action === "START").map((u) => `${u.SubType}:${u.Name}`);
  assert.equal(contexts, ["Parallel:notify", "ParallelBranch:parallel-branch-0", "ParallelBranch:sms"]);
});

test("maxConcurrency bounds how many items run at once; results stay in index order", async () => {
  let running = 0;
  let peak = 0;
  const wf = workflow("bounded", function* () {
    const batch = yield* map("work", [30, 5, 20, 1, 10, 2], function* (delay) {
      return yield* step("work", async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, delay));
        running--;
        return delay;
      });
    }, { maxConcurrency: 2 });
    return batch.getResults();
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "[30,5,20,1,10,2]" });
  assert.is(peak, 2);
});

function failingAt(failures: number[], options: Parameters<typeof map<number, number>>[3]) {
  return workflow("policy", function* (count: number) {
    const items = Array.from({ length: count }, (_, i) => i);
    const batch: BatchResult<number> = yield* map("items", items, function* (i) {
      return yield* step("item", () => { if (failures.includes(i)) throw new Error(`item ${i} failed`); return i; }, { retry: retryPresets.none });
    }, options);
    return { reason: batch.completionReason, status: batch.status, all: batch.all.map((item) => `${item.index}:${item.status}`), total: batch.totalCount, failures: batch.failureCount };
  });
}

const noRetry = { maxConcurrency: 1 } as const;

test("no completion policy fails fast: the first failure completes the batch; later items never start", async () => {
  const wf = workflow("fail-fast", function* () {
    const batch = yield* map("items", [0, 1, 2, 3], function* (i) {
      return yield* step("item", () => { if (i === 1) throw new Error("bad item"); return i; }, { retry: () => ({ retry: false }) });
    }, noRetry);
    return { reason: batch.completionReason, status: batch.status, all: batch.all.map((item) => `${item.index}:${item.status}`), total: batch.totalCount };
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify({ reason: "FAILURE_TOLERANCE_EXCEEDED", status: "FAILED", all: ["0:SUCCEEDED", "1:FAILED"], total: 2 }) });
});

test("completion policies: tolerated count, tolerated percentage (strictly greater), min successful", async () => {
  const cases: [number[], Parameters<typeof map<number, number>>[3], unknown][] = [
    [[1], { maxConcurrency: 1, completion: { toleratedFailureCount: 1 } }, { reason: "ALL_COMPLETED", status: "FAILED", all: ["0:SUCCEEDED", "1:FAILED", "2:SUCCEEDED", "3:SUCCEEDED"], total: 4, failures: 1 }],
    [[0, 1], { maxConcurrency: 1, completion: { toleratedFailureCount: 1 } }, { reason: "FAILURE_TOLERANCE_EXCEEDED", status: "FAILED", all: ["0:FAILED", "1:FAILED"], total: 2, failures: 2 }],
    [[0], { maxConcurrency: 1, completion: { toleratedFailurePercentage: 25 } }, { reason: "ALL_COMPLETED", status: "FAILED", all: ["0:FAILED", "1:SUCCEEDED", "2:SUCCEEDED", "3:SUCCEEDED"], total: 4, failures: 1 }],
    [[0, 1], { maxConcurrency: 1, completion: { toleratedFailurePercentage: 25 } }, { reason: "FAILURE_TOLERANCE_EXCEEDED", status: "FAILED", all: ["0:FAILED", "1:FAILED"], total: 2, failures: 2 }],
    [[0], { maxConcurrency: 1, completion: { minSuccessful: 2 } }, { reason: "MIN_SUCCESSFUL_REACHED", status: "FAILED", all: ["0:FAILED", "1:SUCCEEDED", "2:SUCCEEDED"], total: 3, failures: 1 }],
    [[], { maxConcurrency: 1, completion: { minSuccessful: 4 } }, { reason: "ALL_COMPLETED", status: "SUCCEEDED", all: ["0:SUCCEEDED", "1:SUCCEEDED", "2:SUCCEEDED", "3:SUCCEEDED"], total: 4, failures: 0 }],
  ];
  for (const [failures, options, expected] of cases) {
    const run = await invoke(failingAt(failures, { ...options, itemSerdes: undefined }), newMemoryExecution(4));
    assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify(expected) }, JSON.stringify(options));
  }
});

test("items still running when the batch completes are reported STARTED and their later updates are dropped", async () => {
  const wf = workflow("early", function* () {
    const batch = yield* map("race", [1, 200], function* (delay) {
      return yield* step("sleep", async () => { await new Promise((resolve) => setTimeout(resolve, delay)); return delay; });
    }, { completion: { minSuccessful: 1 } });
    return batch.all.map((item) => `${item.index}:${item.status}`);
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '["0:SUCCEEDED","1:STARTED"]' });
  await new Promise((resolve) => setTimeout(resolve, 250));
  const slow = sent(execution).filter((u) => u.Id === hashPath("1-2-1"));
  assert.equal(slow.map((u) => u.Action), ["START"], "the slow item's step result, which came after the batch completed, was dropped");
  assert.equal(sent(execution).filter((u) => u.Id === hashPath("1-2")).map((u) => u.Action), ["START"]);
});

test("map never throws for item failures; throwIfError throws the first failed item's error", async () => {
  const wf = workflow("throw", function* () {
    const batch = yield* map("items", [0, 1, 2], function* (i) {
      return yield* step("item", () => { if (i > 0) throw new TypeError(`item ${i} broke`); return i; }, { retry: () => ({ retry: false }) });
    }, { completion: { toleratedFailureCount: 5 }, maxConcurrency: 1 });
    try {
      batch.throwIfError();
    } catch (error) {
      return [error instanceof ChildFailedError, (error as ChildFailedError).errorType, (error as Error).message, batch.getErrors().length];
    }
    return "no";
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '[true,"TypeError","item 1 broke",2]' });
  assert.equal((await invoke(wf, execution)).outcome, run.outcome, "the replayed errors are the same");
});

test("flat nesting: no iteration contexts; the items' operations are parented to the Map context", async () => {
  const wf = workflow("flat", function* () {
    return (yield* map("flat", ["a", "b"], function* (x) { return yield* step("up", () => x.toUpperCase()); }, { nesting: "flat", maxConcurrency: 1 })).getResults();
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '["A","B"]' });
  assert.equal(sent(execution).map((u) => [u.Type, u.Action, u.Id, u.ParentId ?? null]), [
    ["CONTEXT", "START", hashPath("1"), null],
    ["STEP", "START", hashPath("1-1-1"), hashPath("1")],
    ["STEP", "SUCCEED", hashPath("1-1-1"), hashPath("1")],
    ["STEP", "START", hashPath("1-2-1"), hashPath("1")],
    ["STEP", "SUCCEED", hashPath("1-2-1"), hashPath("1")],
    ["CONTEXT", "SUCCEED", hashPath("1"), null],
  ]);
});

test("itemSerdes applies to each item's record and serdes to the whole result", async () => {
  const upper: Serdes<string> = { serialize: (v) => JSON.stringify(v.toUpperCase()), deserialize: (d) => JSON.parse(d ?? '""') as string };
  const counting: Serdes<BatchResult<string>> = {
    serialize: (result) => JSON.stringify({ n: result.totalCount }),
    deserialize: (data) => ({ totalCount: (JSON.parse(data!) as { n: number }).n }) as BatchResult<string>,
  };
  const wf = workflow("serdes", function* () {
    const items = yield* map("items", ["a"], function* (x) { return x; }, { itemSerdes: upper });
    const summary = yield* map("summary", ["a", "b"], function* (x) { return x; }, { serdes: counting });
    yield* wait("pause", 1);
    return [items.getResults(), summary.totalCount];
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  assert.is(sent(execution).find((u) => u.SubType === "MapIteration" && u.Action === "SUCCEED")!.Payload, '"A"');
  assert.is(sent(execution).filter((u) => u.SubType === "Map" && u.Action === "SUCCEED")[1]!.Payload, '{"n":2}');
  execution.completeWait("pause");
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '[["A"],2]' });
});

test("a batch result over 256 KB is recorded as a summary with ReplayChildren and rebuilt from the items on replay", async () => {
  const calls = counter();
  const wf = workflow("large", function* () {
    const batch = yield* map("big", [0, 1, 2], function* (i) { return yield* step("chunk", () => { calls.tick(); return String(i).repeat(100 * 1024); }); });
    yield* wait("after", 1);
    return batch.all.map((item) => `${item.index}:${item.status}:${item.status === "SUCCEEDED" ? item.result.length : 0}`).concat(batch.completionReason);
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  const succeed = sent(execution).find((u) => u.SubType === "Map" && u.Action === "SUCCEED")!;
  assert.equal(succeed.ContextOptions, { ReplayChildren: true });
  assert.equal(JSON.parse(succeed.Payload!), { type: "MapResult", totalCount: 3, successCount: 3, failureCount: 0, startedCount: 0, completionReason: "ALL_COMPLETED", status: "SUCCEEDED", itemStatuses: "SSS" });
  execution.completeWait("after");
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '["0:SUCCEEDED:102400","1:SUCCEEDED:102400","2:SUCCEEDED:102400","ALL_COMPLETED"]' });
  assert.is(calls.count, 3, "the items replayed from their records");
});

test("a suspension inside an item: the next invocation replays the completed items and resumes the waiting one", async () => {
  const calls = counter();
  const wf = workflow("suspend", function* () {
    const batch = yield* map("items", ["quick", "slow"], function* (name) {
      yield* step("first", () => calls.tick());
      if (name === "slow") yield* wait("hold", 5);
      return name;
    }, { maxConcurrency: 1 });
    return batch.getResults();
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  execution.completeWait("hold");
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '["quick","slow"]' });
  assert.is(calls.count, 2);
});

test("updates of concurrent items that complete together share checkpoint calls: 100 items, 10 at a time, 11 calls", async () => {
  const [nested, flat] = [await fanOutExecution(ours, 100, 10, "nested"), await fanOutExecution(ours, 100, 10, "flat")];
  assert.equal([nested.traffic.calls, nested.traffic.updates], [11, 402]);
  assert.equal([flat.traffic.calls, flat.traffic.updates], [11, 202], "flat nesting records no per-item contexts");
});

test("a parallel nested inside each map item: contexts nest and replay returns the same", async () => {
  const calls = counter();
  const wf = workflow("nested-batches", function* () {
    const orders = yield* map("orders", ["o1", "o2"], function* (order) {
      const notified = yield* parallel("notify", [
        { name: "email", run: function* () { return yield* step("email", () => { calls.tick(); return `${order}:email`; }); } },
        { name: "sms", run: function* () { return yield* step("sms", () => { calls.tick(); return `${order}:sms`; }); } },
      ]);
      return notified.getResults().join("+");
    });
    return orders.getResults();
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '["o1:email+o1:sms","o2:email+o2:sms"]' });
  const email = sent(execution).find((u) => u.Name === "email" && u.Type === "STEP")!;
  assert.is(email.Id, hashPath("1-1-1-1-1"), "step 1 of branch 1 of parallel 1 of item 1 of map 1");
  assert.is(email.ParentId, hashPath("1-1-1-1"));
  assert.equal((await invoke(wf, execution)).outcome, run.outcome);
  assert.is(calls.count, 4);
});

test("bad batch options are usage errors before anything is checkpointed", () => {
  const body = function* () { return 1; };
  assert.throws(() => map("m", [1], body, { maxConcurrency: 0 }), (error: Error) => error instanceof DurableUsageError && /maxConcurrency must be a whole number >= 1, got 0/.test(error.message));
  assert.throws(() => map("m", [1], body, { completion: { toleratedFailurePercentage: 101 } }), /toleratedFailurePercentage must be a number from 0 to 100, got 101/);
  assert.throws(() => map("m", [1], body, { completion: { toleratedFailureCount: -1 } }), /toleratedFailureCount must be a whole number >= 0, got -1/);
  assert.throws(() => map("m", [1], body, { nesting: "deep" as never }), /nesting must be "nested" or "flat", got "deep"/);
  assert.throws(() => map("m", "abc" as never, body), /map\("m"\) needs an array of items, got "abc"/);
  assert.throws(() => parallel("p", [5 as never]), /branch 0 must be a generator function or \{ name, run \}, got 5/);
  assert.throws(() => map("m", [1], body, { completion: { minimum: 1 } as never }), /completion has an unknown option "minimum"/);
});

test.run();
