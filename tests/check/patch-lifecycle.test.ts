// The life cycle of a patch, deployed while executions are in flight, at the root, in a child context and in a map
// item: stage 0 the old code; stage 1 `if (yield* patched(id)) new else old`; stage 2 `deprecatePatch(id)` then the
// new code; stage 3 the new code alone. Each stage's histories are recorded on the local service, with executions
// carried from one stage's code to the next (a deployment), and replayed with every later stage.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, deprecatePatch, map, patched, step, waitForCallback, workflow, type OpGenerator } from "../../dsl/index";
import type { Workflow } from "../../dsl/workflow";
import type { LocalExecution } from "../../lib/local/execution";
import { LocalService } from "../../lib/local/service";
import { historyDocument, replay } from "../../lib/replay/index";

type Stage = 0 | 1 | 2 | 3;
type Nesting = "root" | "child" | "map item";

/** One order's operations at one stage: price, an approval, the changed charge (the patch point), a shipping confirmation. */
function* order(stage: Stage, id: string): OpGenerator<string> {
  yield* step("price", () => 10);
  yield* waitForCallback<string>("approve", () => {});
  let charge: string;
  if (stage === 0) charge = yield* step("charge", () => "old charge");
  else if (stage === 1) charge = (yield* patched("charge-v2")) ? yield* step("charge-v2", () => "new charge") : yield* step("charge", () => "old charge");
  else if (stage === 2) {
    yield* deprecatePatch("charge-v2");
    charge = yield* step("charge-v2", () => "new charge");
  } else charge = yield* step("charge-v2", () => "new charge");
  const by = yield* waitForCallback<string>("ship", () => {});
  return `${id}: ${charge}, shipped by ${by}`;
}

function stageWorkflow(stage: Stage, nesting: Nesting): Workflow<string, string> {
  return workflow("orders", function* (id: string) {
    if (nesting === "root") return yield* order(stage, id);
    if (nesting === "child") return yield* child("order", () => order(stage, id));
    const batch = yield* map("orders", [id], (item) => order(stage, item));
    return batch.getResults()[0]!;
  });
}

/** The local service with one function whose code is "deployed" (switched) between invocations, as Lambda's $LATEST. */
function deployment(nesting: Nesting) {
  const service = new LocalService();
  let deployed = stageWorkflow(0, nesting);
  service.register("orders", workflow("orders", function* (id: string) {
    return yield* deployed.body(id, undefined as never);
  }));
  return {
    service,
    deploy: (stage: Stage) => (deployed = stageWorkflow(stage, nesting)),
    start: (name: string) => service.start("orders", name, name),
  };
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Answers the open callback of the waitForCallback `name` once the execution has suspended on it. */
async function answer(service: LocalService, execution: LocalExecution, name: string, value: string): Promise<void> {
  const callbackId = await until(() => {
    try {
      return execution.callbackIdOf(name);
    } catch {
      return undefined;
    }
  }, `callback ${name}`);
  service.succeedCallback(callbackId, JSON.stringify(value));
}

/** Waits until the execution suspends on the callback of `name` (its CALLBACK is recorded, the invocation over). */
async function pausedAt(execution: LocalExecution, name: string): Promise<void> {
  await until(() => {
    try {
      execution.callbackIdOf(name);
    } catch {
      return undefined;
    }
    return execution.history.events.at(-1)?.EventType === "InvocationCompleted" ? true : undefined;
  }, `the execution to pause at ${name}`);
}

const snapshot = (execution: LocalExecution) => JSON.parse(JSON.stringify(historyDocument({ executionArn: execution.executionArn, events: execution.history.events }))) as unknown;
const names = (execution: LocalExecution) => execution.all().filter((operation) => operation.Type === "STEP" && operation.SubType !== "WaitForCallback").map((operation) => `${operation.SubType}:${operation.Name ?? ""}`).filter((name) => name !== "Step:");

for (const nesting of ["root", "child", "map item"] as const) {
  test(`${nesting}: a patch from its first deployment to its removal, executions in flight throughout`, async () => {
    const { service, deploy, start } = deployment(nesting);

    // Stage 0, the old code: one execution stops before the patch point, one after it.
    const before = start("before");
    const after = start("after");
    await pausedAt(before, "approve");
    await answer(service, after, "approve", "ann");
    await pausedAt(after, "ship");
    const history0Before = snapshot(before);
    const history0After = snapshot(after);

    // Stage 1, patched(): the old histories replay, one on each branch.
    for (const history of [history0Before, history0After]) assert.ok((await replay(stageWorkflow(1, nesting), history)).replays, "stage 1 replays the stage 0 histories");
    deploy(1);
    // Past the patch point under the old code: the old branch, and no marker.
    await answer(service, after, "ship", "bob");
    assert.is((await service.result(after.executionArn)).result, JSON.stringify(nesting === "map item" ? "after: old charge, shipped by bob" : "after: old charge, shipped by bob"));
    assert.equal(names(after), ["Step:price", "Step:charge"], "no marker in the old-code execution");
    // Before the patch point: it reaches it live, records the marker (one START, nothing else) and takes the new code.
    await answer(service, before, "approve", "ann");
    await pausedAt(before, "ship");
    assert.equal(names(before), ["Step:price", "Patch:charge-v2", "Step:charge-v2"]);
    const markerUpdates = before.checkpoints.flat().filter((update) => update.SubType === "Patch");
    assert.equal(markerUpdates.map((update) => [update.Type, update.Action, update.Name, update.Payload]), [["STEP", "START", "charge-v2", undefined]], "the marker is one update");
    assert.is(before.all().find((operation) => operation.SubType === "Patch")!.Status, "STARTED");
    const fresh1 = start("fresh-1");
    await answer(service, fresh1, "approve", "cy");
    await pausedAt(fresh1, "ship");
    assert.equal(names(fresh1), ["Step:price", "Patch:charge-v2", "Step:charge-v2"], "a new execution takes the new code");
    const history1 = snapshot(before);
    const replayed1 = await replay(stageWorkflow(1, nesting), history1);
    assert.ok(replayed1.replays, "stage 1 replays its own marked history");

    // Stage 2, deprecatePatch(): only once no execution runs the old code (after has finished). Marked histories
    // replay; a history of the old code would not, which is why this stage waits for them to end.
    assert.ok((await replay(stageWorkflow(2, nesting), history1)).replays, "stage 2 replays the marked history");
    const oldUnderStage2 = await replay(stageWorkflow(2, nesting), history0After);
    assert.is(oldUnderStage2.replays, false);
    assert.equal(oldUnderStage2.divergence?.recorded.name, "charge");
    deploy(2);
    await answer(service, before, "ship", "dee");
    assert.is((await service.result(before.executionArn)).result, JSON.stringify("before: new charge, shipped by dee"));
    const fresh2 = start("fresh-2");
    await answer(service, fresh2, "approve", "eve");
    await pausedAt(fresh2, "ship");
    assert.equal(names(fresh2), ["Step:price", "Step:charge-v2"], "a new execution records no marker");
    const history2 = snapshot(fresh2);

    // Stage 3, the patch removed: only once no marked execution is left (fresh-1 finishes under stage 2).
    await answer(service, fresh1, "ship", "fay");
    assert.is((await service.result(fresh1.executionArn)).result, JSON.stringify("fresh-1: new charge, shipped by fay"));
    assert.ok((await replay(stageWorkflow(3, nesting), history2)).replays, "stage 3 replays the unmarked history");
    const markedUnderStage3 = await replay(stageWorkflow(3, nesting), history1);
    assert.is(markedUnderStage3.replays, false, "a marked history needs deprecatePatch until it ends");
    assert.equal(markedUnderStage3.divergence?.recorded, { type: "STEP", subType: "Patch", name: "charge-v2" });
    deploy(3);
    await answer(service, fresh2, "ship", "gus");
    assert.is((await service.result(fresh2.executionArn)).result, JSON.stringify("fresh-2: new charge, shipped by gus"));

    // Every finished history replays with the code it finished under.
    assert.ok((await replay(stageWorkflow(1, nesting), snapshot(after))).replays);
    assert.ok((await replay(stageWorkflow(2, nesting), snapshot(before))).replays);
    assert.ok((await replay(stageWorkflow(2, nesting), snapshot(fresh1))).replays);
    assert.ok((await replay(stageWorkflow(3, nesting), snapshot(fresh2))).replays);
  });
}

test("a marker of another patch at the position is another operation: the old branch, then that patch consumes its marker", async () => {
  const { service, start, deploy } = deployment("root");
  const decided: boolean[] = [];
  const later = workflow("orders", function* () {
    yield* step("price", () => 10);
    yield* waitForCallback<string>("approve", () => {});
    decided.push(yield* patched("tax-v3"), yield* patched("charge-v2"));
    yield* step("charge-v2", () => "new charge");
    return yield* waitForCallback<string>("ship", () => {});
  });
  deploy(1);
  const execution = start("x");
  await answer(service, execution, "approve", "ann");
  await pausedAt(execution, "ship");
  const report = await replay(later, snapshot(execution));
  assert.ok(report.replays);
  assert.equal(decided, [false, true]);
});

test.run();
