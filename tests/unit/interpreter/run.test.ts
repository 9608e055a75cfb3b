import { test } from "uvu";
import * as assert from "uvu/assert";
import { createCallback, step, wait, workflow } from "../../../dsl/index";
import { invoke, newMemoryExecution, sent } from "../../support/harness";

test("the workflow logger is silent while replaying and writes JSON lines once the workflow reaches new work", async () => {
  const wf = workflow("logs", function* (_input: unknown, ctx) {
    ctx.logger.info("before the wait");
    yield* wait("w", 10);
    ctx.logger.info("after the wait", { n: 1 });
    yield* step("s", (s) => { s.logger.info("inside the step"); return 1; });
  });
  const execution = newMemoryExecution();
  const first = await invoke(wf, execution);
  assert.equal(first.logs.map((line) => line.message), ["before the wait"]);
  assert.is(first.logs[0]!.level, "INFO");
  assert.is(first.logs[0]!.executionArn, execution.executionArn);
  execution.completeWait("w");
  const second = await invoke(wf, execution);
  assert.equal(second.logs.map((line) => line.message), ["after the wait", "inside the step"]);
  assert.equal(second.logs[0]!.data, { n: 1 });
  assert.is(second.logs[1]!.operationName, "s");
  assert.is(second.logs[1]!.attempt, 1);
  const third = await invoke(wf, execution);
  assert.equal(third.logs, [], "a full replay logs nothing");
});

test("the workflow context carries the execution ARN", async () => {
  const wf = workflow("arn", function* (_input: unknown, ctx) { return ctx.executionArn; });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: JSON.stringify(execution.executionArn) });
});

test("yielding something that is not an operation throws a clear error into the workflow", async () => {
  const wf = workflow("bad-yield", function* () {
    try {
      yield (Promise.resolve(1) as never);
    } catch (error) {
      return (error as Error).message;
    }
    return "no";
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.is(run.outcome.status, "SUCCEEDED");
  if (run.outcome.status === "SUCCEEDED") assert.match(run.outcome.result!, /a workflow yielded a Promise, which is not an operation/);
});

test("a body that is not a generator function fails the execution with a clear error", async () => {
  const wf = workflow("not-a-generator", (() => 42) as never);
  const run = await invoke(wf, newMemoryExecution());
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status === "FAILED") assert.match(run.outcome.error.ErrorMessage!, /workflow "not-a-generator" must be a generator function \(function\*\), its body returned 42/);
});

test("a result JSON cannot represent fails the execution with a SerializationError", async () => {
  const wf = workflow("bigint", function* () { return 10n as unknown; });
  const run = await invoke(wf, newMemoryExecution());
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status === "FAILED") assert.is(run.outcome.error.ErrorType, "SerializationError");
});

test("a result over 6 MB is checkpointed as the EXECUTION's SUCCEED and the invocation returns an empty result", async () => {
  const wf = workflow("huge", function* () { return "x".repeat(7 * 1024 * 1024); });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "" });
  const last = sent(execution).at(-1)!;
  assert.equal([last.Type, last.Action, last.Id, last.Payload?.length], ["EXECUTION", "SUCCEED", execution.all()[0]!.Id, 7 * 1024 * 1024 + 2]);
  assert.is(execution.all()[0]!.Status, "SUCCEEDED");
});

test("a workflow that throws before its first operation fails with its error", async () => {
  const wf = workflow("throws", function* (input: { id?: string }) {
    if (!input?.id) throw new TypeError("input.id is required");
    yield* step("never", () => 1);
  });
  const run = await invoke(wf, newMemoryExecution({}));
  assert.equal(run.outcome, { status: "FAILED", error: { ErrorType: "TypeError", ErrorMessage: "input.id is required", StackTrace: (run.outcome as { error: { StackTrace: string[] } }).error.StackTrace } });
});

test("yielding the same descriptor twice throws a usage error naming it, also when others came between", async () => {
  for (const order of [["s", "s"], ["s", "t", "s"]]) {
    const calls: string[] = [];
    const wf = workflow("reuse", function* () {
      const descriptors = { s: step("charge", () => calls.push("charge")), t: step("other", () => calls.push("other")) };
      try {
        for (const key of order) yield* descriptors[key as "s" | "t"];
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    });
    const run = await invoke(wf, newMemoryExecution());
    assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify('the step descriptor "charge" was yielded a second time; a descriptor stands for one operation: call step() again for another (yielding a callback\'s result twice is fine)') });
    assert.is(calls.filter((call) => call === "charge").length, 1, order.join(","));
  }
});

test("a descriptor made once outside the workflow is yielded once per invocation; a callback's result may be yielded twice", async () => {
  const shared = wait("shared-wait", 1);
  const wf = workflow("shared", function* () {
    yield* shared;
    const callback = yield* createCallback<string>("cb");
    const first = yield* callback.result;
    const second = yield* callback.result;
    return `${first}/${second}`;
  });
  const execution = newMemoryExecution();
  assert.is((await invoke(wf, execution)).outcome.status, "PENDING");
  execution.completeWait("shared-wait");
  assert.is((await invoke(wf, execution)).outcome.status, "PENDING");
  execution.succeedCallback(execution.callbackIdOf("cb"), '"yes"');
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '"yes/yes"' });
});

test.run();
