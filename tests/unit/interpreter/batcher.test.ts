import { test } from "uvu";
import * as assert from "uvu/assert";
import { CheckpointBatcher } from "../../../interpreter/batcher";
import { InvocationError } from "../../../interpreter/invocation-error";
import type { DurablePort } from "../../../interpreter/port";
import type { OperationUpdate } from "../../../interpreter/wire";
import { HistorySnapshot, runWorkflow } from "../../../interpreter/index";
import { step, workflow } from "../../../dsl/index";
import { invoke, newMemoryExecution } from "../../support/harness";

function recordingPort(log: { token: string; updates: OperationUpdate[] }[], inFlight = { now: 0, max: 0 }): DurablePort {
  let tokens = 0;
  return {
    async checkpoint(token, updates) {
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      log.push({ token, updates });
      await new Promise((resolve) => setImmediate(resolve));
      inFlight.now--;
      return { CheckpointToken: `t${++tokens}`, NewExecutionState: { Operations: [] } };
    },
    async getState() {
      return { Operations: [] };
    },
  };
}

const update = (i: number, payload?: string): OperationUpdate => ({ Id: `id-${i}`, Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: payload });

test("at most 250 updates per call, in order, chaining the checkpoint token", async () => {
  const log: { token: string; updates: OperationUpdate[] }[] = [];
  const batcher = new CheckpointBatcher(recordingPort(log), "t0", { changed: () => {}, durable: () => {} });
  for (let i = 0; i < 600; i++) batcher.enqueue(update(i));
  while (batcher.queued) await batcher.sendNext();
  assert.equal(log.map((call) => call.updates.length), [250, 250, 100]);
  assert.equal(log.map((call) => call.token), ["t0", "t1", "t2"]);
  assert.equal(log.flatMap((call) => call.updates.map((u) => u.Id)), Array.from({ length: 600 }, (_, i) => `id-${i}`));
  assert.is(batcher.durableThrough, 600);
  assert.equal(batcher.stats.calls, 3);
});

test("a call stays under 750 KB of payload", async () => {
  const log: { token: string; updates: OperationUpdate[] }[] = [];
  const batcher = new CheckpointBatcher(recordingPort(log), "t0", { changed: () => {}, durable: () => {} });
  for (let i = 0; i < 5; i++) batcher.enqueue(update(i, "x".repeat(200 * 1024)));
  while (batcher.queued) await batcher.sendNext();
  assert.equal(log.map((call) => call.updates.length), [3, 2]);
});

test("the service's changed operations are merged before anything waiting on durability goes on", async () => {
  const order: string[] = [];
  const port: DurablePort = {
    async checkpoint(token) {
      order.push(`checkpoint with ${token}`);
      return { CheckpointToken: "t1", NewExecutionState: { Operations: [{ Id: "a", Type: "STEP", Status: "SUCCEEDED" }], NextMarker: token === "t0" ? "m1" : undefined } };
    },
    async getState(token, marker) {
      order.push(`page ${marker} with ${token}`);
      return { Operations: [{ Id: "b", Type: "STEP", Status: "SUCCEEDED" }] };
    },
  };
  const batcher = new CheckpointBatcher(port, "t0", { changed: (ops) => order.push(`changed ${ops.map((o) => o.Id)}`), durable: () => order.push("durable") });
  batcher.enqueue(update(1));
  await batcher.sendNext();
  assert.equal(order, ["checkpoint with t0", "changed a", "page m1 with t1", "changed b", "durable"]);
  batcher.enqueue(update(2));
  await batcher.sendNext();
  assert.is(order[5], "checkpoint with t1", "the next call chains the token of the last response");
});

test("a NextMarker the service repeats after a checkpoint ends the call with an InvocationError instead of paging forever", async () => {
  const port: DurablePort = {
    async checkpoint() { return { CheckpointToken: "t1", NewExecutionState: { Operations: [], NextMarker: "same" } }; },
    async getState() { return { Operations: [{ Id: "b", Type: "STEP", Status: "SUCCEEDED" }], NextMarker: "same" }; },
  };
  const batcher = new CheckpointBatcher(port, "t0", { changed: () => {}, durable: () => {} });
  batcher.enqueue(update(1));
  const error = await batcher.sendNext().then(() => undefined, (thrown: unknown) => thrown);
  assert.instance(error, InvocationError);
  assert.match((error as Error).message, /NextMarker "same" a second time/);
});

test("pages of changes beyond what an execution can hold end the call with an InvocationError", async () => {
  let page = 0;
  const port: DurablePort = {
    async checkpoint() { return { CheckpointToken: "t1", NewExecutionState: { Operations: [], NextMarker: "m0" } }; },
    async getState() {
      page++;
      return { Operations: Array.from({ length: 1000 }, (_, i) => ({ Id: `op-${page}-${i}`, Type: "STEP" as const, Status: "SUCCEEDED" as const })), NextMarker: `m${page}` };
    },
  };
  const batcher = new CheckpointBatcher(port, "t0", { changed: () => {}, durable: () => {} });
  batcher.enqueue(update(1));
  const error = await batcher.sendNext().then(() => undefined, (thrown: unknown) => thrown);
  assert.instance(error, InvocationError);
  assert.match((error as Error).message, /more than an execution may have \(3000\)/);
  assert.is(page, 4);
});

test("a failed call leaves nothing acknowledged, and the batcher busy for good (the token chain is broken)", async () => {
  const port: DurablePort = { async checkpoint() { throw new Error("503"); }, async getState() { return {}; } };
  const batcher = new CheckpointBatcher(port, "t0", { changed: () => {}, durable: () => {} });
  batcher.enqueue(update(1));
  await batcher.sendNext().then(() => assert.unreachable(), (error: Error) => assert.is(error.message, "503"));
  assert.is(batcher.durableThrough, 0);
  assert.ok(batcher.busy, "so the run cannot take it for idle and end PENDING before the failure reaches it");
});

test("a failed checkpoint of an at-most-once START fails the invocation; it does not end PENDING with nothing pending", async () => {
  const wf = workflow("charge", function* () {
    yield* step("first", () => 1);
    return yield* step("charge", () => "charged", { semantics: "at-most-once" });
  });
  const execution = newMemoryExecution();
  let calls = 0;
  const port: DurablePort = {
    checkpoint: async (token, updates) => {
      if (++calls === 2) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return execution.port().checkpoint(token, updates);
    },
    getState: async () => ({ Operations: [] }),
  };
  const event = execution.event();
  await runWorkflow(wf, undefined, { executionArn: event.DurableExecutionArn, checkpointToken: event.CheckpointToken, snapshot: HistorySnapshot.of(event.InitialExecutionState.Operations ?? []), port, log: () => {} })
    .then((result) => assert.unreachable(`ended ${JSON.stringify(result.outcome)}`), (error: Error) => assert.is(error.message, "socket hang up"));
  assert.is((await invoke(wf, execution)).outcome.status, "SUCCEEDED", "the next invocation goes on from what was durable");
});

test.run();
