// What the UI's read views say of an execution: what it is doing now, its operations nested as the timeline nests
// them, the result of a step that succeeded after a failed attempt, the callbacks it waits on.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { map, retry, step, waitForCallback, workflow } from "../../dsl/index";
import { SkippingClock } from "../../lib/local/clock";
import { LocalService } from "../../lib/local/service";
import { executionDetail, executionSummary } from "../../lib/ui/views";

const flow = workflow("flow", function* () {
  yield* map("each", [1, 2], function* (item) {
    return yield* step("double", () => item * 2);
  });
  yield* step("flaky", (s) => {
    if (s.attempt === 1) throw new Error("first attempt fails");
    return "fine";
  }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
  return yield* waitForCallback<string>("approval", () => {}, { timeout: { days: 1 }, heartbeatTimeout: { minutes: 30 } });
});

test("a running execution: what it waits on, its nested operations, its open callback", async () => {
  const service = new LocalService({ clock: new SkippingClock(), holdTimeForCallbacks: true });
  service.register("flow", flow);
  const execution = service.start("flow", undefined, "views-1");
  const deadline = Date.now() + 10_000;
  // Until the submitter has run too: two doubles, flaky and the submitter are the four steps that succeed before the answer.
  while (execution.all().filter((operation) => operation.Type === "STEP" && operation.Status === "SUCCEEDED").length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));

  const summary = executionSummary(execution);
  assert.is(summary.name, "views-1");
  assert.is(summary.functionName, "flow");
  assert.is(summary.status, "RUNNING");
  assert.equal(summary.current, ["approval (started)"]);
  assert.is(summary.endedAt, undefined);

  const detail = executionDetail(execution, service.clock.now());
  assert.equal(detail.operations.map((operation) => `${"  ".repeat(operation.depth)}${operation.name} ${operation.kind} ${operation.status}`), [
    "each map SUCCEEDED",
    "  map-item-0 map item SUCCEEDED",
    "    double step SUCCEEDED",
    "  map-item-1 map item SUCCEEDED",
    "    double step SUCCEEDED",
    "flaky step SUCCEEDED",
    "approval waitForCallback STARTED",
    "  approval (callback) callback STARTED",
    "  approval (submit) step SUCCEEDED",
  ]);
  const flaky = detail.operations.find((operation) => operation.name === "flaky")!;
  assert.is(flaky.attempts, 2);
  assert.is(flaky.result, '"fine"');
  assert.is(flaky.error, undefined);
  assert.is(detail.operations.find((operation) => operation.kind === "callback")!.input, "timeout 1 d, heartbeat 30 min");
  assert.equal(detail.pendingCallbacks.map((callback) => [callback.name, callback.timeoutSeconds, callback.heartbeatTimeoutSeconds]), [["approval", 86_400, 1800]]);
  assert.is(detail.pendingCallbacks[0]!.callbackId, execution.all().find((operation) => operation.Type === "CALLBACK")!.CallbackDetails!.CallbackId);
  assert.is(detail.timeline.rows.length, detail.operations.length);
  assert.ok(detail.invocations.length >= 2);

  service.succeedCallback(detail.pendingCallbacks[0]!.callbackId, '"yes"');
  await service.result(execution.executionArn);
  const ended = executionDetail(execution, service.clock.now());
  assert.is(ended.status, "SUCCEEDED");
  assert.is(ended.result, '"yes"');
  assert.equal(ended.current, []);
  assert.equal(ended.pendingCallbacks, []);
  assert.ok(ended.endedAt !== undefined && ended.endedAt >= ended.startedAt);
});

test.run();
