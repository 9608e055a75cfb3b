import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, map, retry, step, wait, waitForCallback, waitForCondition, waitStrategy, workflow } from "../../../dsl/index";
import { assertReplays, historyDocument, replay, ReplayMismatchError } from "../../../lib/replay/index";
import { runLocal } from "../../../lib/local/run-local";
import { counter, invoke, newExecution } from "../../support/harness";

const calls = counter();
let failuresLeft = 0;

const order = workflow("order", function* (input: { id: string; items: number[] }) {
  const total = yield* step("price", () => {
    calls.tick();
    return input.items.reduce((sum, item) => sum + item, 0);
  });
  const charge = yield* step("charge", () => {
    calls.tick();
    if (failuresLeft-- > 0) throw new Error("card declined");
    return { chargeId: `ch-${input.id}`, total };
  }, { retry: retry({ maxAttempts: 3, initialDelay: 1 }) });
  const reserved = yield* map("reserve", input.items, function* (item) {
    return yield* step("reserve-item", () => (calls.tick(), item * 10));
  }, { maxConcurrency: 2 });
  const approval = yield* waitForCallback<{ approved: boolean }>("approval", () => void calls.tick(), { timeout: { hours: 1 } });
  yield* wait("cool-off", { minutes: 5 });
  const shipped = yield* child("ship", function* () {
    return yield* step("label", () => (calls.tick(), "label-1"));
  });
  return { charge, reserved: reserved.succeeded().map((item) => item.result), approved: approval.approved, shipped };
});

const input = { id: "o-1", items: [1, 2, 3] };

async function completedHistory() {
  failuresLeft = 2;
  const run = await runLocal(order, input, { callbacks: { approval: { succeed: { approved: true } } } });
  assert.is(run.status, "SUCCEEDED");
  return { run, document: JSON.parse(JSON.stringify(historyDocument(run))) as { DurableExecutionArn: string; Events: Record<string, unknown>[] } };
}

test("a completed history replays in every format, returning the recorded result without running any function", async () => {
  const { run, document } = await completedHistory();
  const operations = JSON.parse(JSON.stringify(run.operations)) as unknown[];
  const event = { DurableExecutionArn: run.executionArn, CheckpointToken: "t", InitialExecutionState: { Operations: operations } };
  for (const [format, history] of [["events", document], ["operations", operations], ["state", { Operations: operations }], ["event", event]] as const) {
    const before = calls.count;
    const report = await replay(order, history);
    assert.is(report.replays, true, format);
    assert.is(report.status, "SUCCEEDED", format);
    assert.equal(report.result, run.result, format);
    assert.is(report.next, undefined, format);
    if (format === "events") assert.is(report.recordedStatus, "SUCCEEDED", "the terminal event sets the execution's status");
    assert.ok(report.replayed >= 6, `${format}: ${report.replayed} replayed`);
    assert.is(calls.count, before, `${format}: no user function ran`);
  }
});

test("the step's retries fold into its attempts, and a history of events with epoch-second timestamps reads the same", async () => {
  const { document } = await completedHistory();
  const epoch = { ...document, Events: document.Events.map((event) => ({ ...event, EventTimestamp: Date.parse(event.EventTimestamp as string) / 1000 })) };
  const report = await replay(order, epoch);
  assert.is(report.status, "SUCCEEDED");
  assert.equal((report.result as { charge: unknown }).charge, { chargeId: "ch-o-1", total: 6 });
});

test("an execution in flight replays to PENDING and names the recorded operation it waits on", async () => {
  const execution = newExecution(input);
  failuresLeft = 0;
  await invoke(order, execution);
  const before = calls.count;
  const report = await replay(order, historyDocument({ executionArn: execution.executionArn, events: JSON.parse(JSON.stringify(execution.history.events)) }));
  assert.is(report.replays, true);
  assert.is(report.status, "PENDING");
  assert.is(report.next?.type, "CALLBACK");
  assert.is(report.next?.status, "STARTED");
  assert.is(calls.count, before);
});

test("new code that appends an operation stops before it and reports it as the next operation, without running it", async () => {
  const { document } = await completedHistory();
  const extended = workflow("order", function* (value: { id: string; items: number[] }) {
    const result = yield* order.body(value, { executionArn: "", logger: console as never });
    yield* step("notify", () => calls.tick());
    return result;
  });
  const before = calls.count;
  const report = await replay(extended, document);
  assert.is(report.replays, true);
  assert.is(report.status, "PENDING");
  assert.equal({ name: report.next?.name, type: report.next?.type, status: report.next?.status, path: report.next?.path }, { name: "notify", type: "STEP", status: "NEW", path: "7" });
  assert.is(calls.count, before);
});

const simple = workflow("simple", function* () {
  yield* step("a", () => 1);
  yield* step("b", () => 2);
  yield* wait("w", 1);
  return yield* step("c", () => 3);
});

async function simpleHistory() {
  const run = await runLocal(simple, undefined);
  return JSON.parse(JSON.stringify(historyDocument(run))) as unknown;
}

test("a renamed operation is a divergence naming the position, both operations and a hint", async () => {
  const renamed = workflow("simple", function* () {
    yield* step("a", () => 1);
    yield* step("b-renamed", () => 2);
    yield* wait("w", 1);
    return yield* step("c", () => 3);
  });
  const report = await replay(renamed, await simpleHistory());
  assert.is(report.replays, false);
  assert.is(report.status, "FAILED");
  assert.equal(report.divergence?.path, "2");
  assert.equal(report.divergence?.recorded, { type: "STEP", subType: "Step", name: "b" });
  assert.equal(report.divergence?.current, { type: "STEP", subType: "Step", name: "b-renamed" });
  assert.match(report.divergence!.hint, /renamed from "b" to "b-renamed"/);
});

test("a removed operation is reported as removed, and a changed kind as such", async () => {
  const removed = workflow("simple", function* () {
    yield* step("a", () => 1);
    yield* wait("w", 1);
    return yield* step("c", () => 3);
  });
  const report = await replay(removed, await simpleHistory());
  assert.is(report.divergence?.path, "2");
  assert.match(report.divergence!.hint, /recorded 1 position later: "b" was removed before it/);

  const changedKind = workflow("simple", function* () {
    yield* step("a", () => 1);
    yield* step("b", () => 2);
    yield* step("w", () => 0);
    return yield* step("c", () => 3);
  });
  const second = await replay(changedKind, await simpleHistory());
  assert.match(second.divergence!.hint, /"w" changed kind from WAIT\/Wait to STEP\/Step/);
});

test("code that ends without reaching recorded operations does not replay", async () => {
  const shortened = workflow("simple", function* () {
    yield* step("a", () => 1);
    yield* step("b", () => 2);
    yield* wait("w", 1);
    return 3;
  });
  const report = await replay(shortened, await simpleHistory());
  assert.is(report.replays, false);
  assert.is(report.divergence?.path, "4");
  assert.is(report.divergence?.current, undefined);
  assert.match(report.divergence!.hint, /ended without reaching the recorded STEP\/Step "c"/);
});

test("a new composite is reported as the first new operation, and nothing inside it runs", async () => {
  const history = await simpleHistory();
  const submitted = counter();
  const withApproval = workflow("simple", function* () {
    yield* step("a", () => 1);
    yield* step("b", () => 2);
    yield* wait("w", 1);
    const c = yield* step("c", () => 3);
    yield* waitForCallback("approval", () => void submitted.tick());
    yield* map("fan", [1, 2], function* (item) {
      return yield* step("item", () => submitted.tick() + item);
    });
    return c;
  });
  const report = await replay(withApproval, history);
  assert.is(report.replays, true);
  assert.is(report.status, "PENDING");
  assert.equal({ type: report.next?.type, subType: report.next?.subType, name: report.next?.name, path: report.next?.path }, { type: "CONTEXT", subType: "WaitForCallback", name: "approval", path: "5" });
  assert.is(submitted.count, 0);
});

test("a divergence inside a child context names the nested position", async () => {
  const nested = workflow("nested", function* () {
    return yield* child("outer", function* () {
      yield* step("one", () => 1);
      return yield* step("two", () => 2);
    });
  });
  const run = await runLocal(nested, undefined);
  const document = JSON.parse(JSON.stringify(historyDocument(run))) as { Events: Record<string, unknown>[] };
  const withoutContextOutcome = { Events: document.Events.filter((event) => !(event.EventType === "ContextSucceeded" && event.Name === "outer")) };
  const changed = workflow("nested", function* () {
    return yield* child("outer", function* () {
      yield* step("one", () => 1);
      return yield* wait("two", 1);
    });
  });
  const report = await replay(changed, withoutContextOutcome);
  assert.is(report.divergence?.path, "1-2");
  assert.equal(report.divergence?.current, { type: "WAIT", subType: "Wait", name: "two" });
});

test("assertReplays passes on a matching history and throws the report, naming the operation, on a divergence", async () => {
  const history = await simpleHistory();
  const report = await assertReplays(simple, history);
  assert.is(report.result, 3);
  const renamed = workflow("simple", function* () {
    yield* step("A", () => 1);
    return 0;
  });
  try {
    await assertReplays(renamed, history);
    assert.unreachable("a renamed step must not replay");
  } catch (error) {
    assert.instance(error, ReplayMismatchError);
    assert.match((error as Error).message, /does NOT replay/);
    assert.match((error as Error).message, /recorded  STEP\/Step "a"/);
    assert.match((error as Error).message, /code      STEP\/Step "A"/);
  }
});

test("a truncated payload the replay needs stops it with the event that was truncated; one it does not need is ignored", async () => {
  const document = (await simpleHistory()) as { Events: Record<string, unknown>[] };
  const index = document.Events.findIndex((event) => event.EventType === "StepSucceeded" && event.Name === "b");
  const details = document.Events[index]!.StepSucceededDetails as { Result: { Payload: string; Truncated: boolean } };
  details.Result = { Payload: "2", Truncated: true };
  const report = await replay(simple, document);
  assert.is(report.replays, false);
  assert.match(report.problem!, new RegExp(`STEP/Step "b" at 2, but the service truncated its result \\(the history: event ${index} \\(StepSucceeded, EventId ${index + 1}\\)\\)`));
  const shorter = workflow("simple", function* () {
    yield* step("a", () => 1);
    return yield* step("b2", () => 1);
  });
  assert.ok((await replay(shorter, document)).divergence !== undefined, "a divergence before the truncated payload is still reported");
});

test("waitForCondition histories: the state recorded between polls is where a replay resumes", async () => {
  const polling = workflow("poll", function* () {
    return yield* waitForCondition("ready", (state: number) => state + 1, { initialState: 0, wait: waitStrategy({ until: (state) => state >= 3, initialDelay: 1 }) });
  });
  const run = await runLocal(polling, undefined);
  const report = await assertReplays(polling, JSON.parse(JSON.stringify(historyDocument(run))));
  assert.is(report.result, 3);
});

test("runLocal mocks replace step functions by name", async () => {
  const before = calls.count;
  const run = await runLocal(order, input, {
    mocks: { charge: () => ({ chargeId: "mocked", total: 0 }), "reserve-item": (ctx) => ctx.attempt * 100 },
    callbacks: { approval: { succeed: { approved: false } } },
  });
  assert.is(run.status, "SUCCEEDED");
  assert.equal(run.result?.charge, { chargeId: "mocked", total: 0 });
  assert.equal(run.result?.reserved, [100, 100, 100]);
  assert.is(run.result?.approved, false);
  assert.is(calls.count - before, 3, "price, the approval submitter and label ran; charge and reserve-item did not");
});

test("runLocal waits: a named wait ends early while time runs for real; a wait named like an Object method is not mistaken for one", async () => {
  const waiting = workflow("waiting", function* () {
    yield* wait("constructor", 1);
    yield* wait("a-day", { days: 1 });
    return "done";
  });
  const started = Date.now();
  const run = await runLocal(waiting, undefined, { skipTime: false, waits: { "a-day": { after: 0 } } });
  assert.is(run.status, "SUCCEEDED");
  assert.is(run.result, "done");
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 900, `the one-second wait "constructor" took its time (${elapsed} ms)`);
  assert.ok(elapsed < 60_000, `the day-long wait ended early (${elapsed} ms)`);
});

test.run();
