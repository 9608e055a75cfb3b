import { test } from "uvu";
import * as assert from "uvu/assert";
import { CallbackFailedError, CallbackTimeoutError, createCallback, step, StepFailedError, waitForCallback, workflow, retryPresets } from "../../../../dsl/index";
import { hashPath } from "../../../../interpreter/ids";
import { counter, invoke, newMemoryExecution, sent, shape } from "../../../support/harness";

test("createCallback: START is awaited for the service's callback id; the handle's result waits for the outcome", async () => {
  const ids: string[] = [];
  const wf = workflow("approve", function* () {
    const handle = yield* createCallback<{ approved: boolean }>("approval", { timeout: { hours: 1 }, heartbeatTimeout: 60 });
    ids.push(handle.callbackId);
    yield* step("notify", () => `sent ${handle.callbackId}`);
    const answer = yield* handle.result;
    return answer.approved;
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  assert.equal(execution.checkpoints[0], [{
    Id: hashPath("1"), Type: "CALLBACK", SubType: "Callback", Name: "approval", Action: "START",
    CallbackOptions: { TimeoutSeconds: 3600, HeartbeatTimeoutSeconds: 60 },
  }]);
  assert.is(ids[0], execution.callbackIdOf("approval"));
  execution.succeedCallback(execution.callbackIdOf("approval"), '{"approved": true}');
  const done = await invoke(wf, execution);
  assert.equal(done.outcome, { status: "SUCCEEDED", result: "true" });
  assert.equal(ids, [ids[0], ids[0]], "the replayed handle has the recorded id");
});

test("a failed callback throws CallbackFailedError with the sender's error; a timed-out one CallbackTimeoutError", async () => {
  const wf = workflow("callback-errors", function* () {
    const results: string[] = [];
    for (const name of ["rejected", "late"]) {
      const handle = yield* createCallback(name);
      try {
        yield* handle.result;
      } catch (error) {
        results.push(`${(error as Error).constructor.name}:${(error as CallbackFailedError).errorType}:${(error as Error).message}`);
      }
    }
    return results;
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  execution.failCallback(execution.callbackIdOf("rejected"), { ErrorType: "Rejected", ErrorMessage: "no budget" });
  await invoke(wf, execution);
  execution.timeOutCallback(execution.callbackIdOf("late"));
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify(["CallbackFailedError:Rejected:no budget", "CallbackTimeoutError:Callback.Timeout:Callback timed out"]) });
  assert.ok(new CallbackTimeoutError("x", { errorType: "t", message: "m" }) instanceof CallbackFailedError);
});

test("waitForCallback: a CONTEXT holding the unnamed CALLBACK (child 1) and submitter STEP (child 2)", async () => {
  const submitted: string[] = [];
  const wf = workflow("review", function* () {
    const verdict = yield* waitForCallback<string>("review", (callbackId, ctx) => { submitted.push(`${callbackId}@${ctx.attempt}`); }, { timeout: { days: 1 } });
    return `verdict: ${verdict}`;
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  const context = hashPath("1");
  assert.equal(sent(execution), [
    { Id: context, Type: "CONTEXT", SubType: "WaitForCallback", Name: "review", Action: "START" },
    { Id: hashPath("1-1"), ParentId: context, Type: "CALLBACK", SubType: "Callback", Action: "START", CallbackOptions: { TimeoutSeconds: 86400 } },
    { Id: hashPath("1-2"), ParentId: context, Type: "STEP", SubType: "Step", Action: "START" },
    { Id: hashPath("1-2"), ParentId: context, Type: "STEP", SubType: "Step", Action: "SUCCEED" },
  ]);
  assert.equal(submitted, [`${execution.callbackIdOf("review")}@1`]);
  execution.succeedCallback(execution.callbackIdOf("review"), '"approved"');
  const done = await invoke(wf, execution);
  assert.equal(done.outcome, { status: "SUCCEEDED", result: '"verdict: approved"' });
  assert.equal(shape(sent(execution).at(-1)!), { Type: "CONTEXT", SubType: "WaitForCallback", Name: "review", Action: "SUCCEED", Payload: '"approved"' });
  assert.equal(submitted.length, 1, "the submitter does not run again");
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, done.outcome);
});

test("waitForCallback: a timeout throws CallbackTimeoutError, on the first run and on replay alike", async () => {
  const wf = workflow("review-timeout", function* () {
    try {
      yield* waitForCallback("review", () => undefined, { timeout: 10 });
    } catch (error) {
      return `${(error as Error).name}:${(error as CallbackTimeoutError).errorType}`;
    }
    return "no";
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  execution.timeOutCallback(execution.callbackIdOf("review"));
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"CallbackTimeoutError:Callback.Timeout"' });
  assert.equal(shape(sent(execution).at(-1)!).Action, "FAIL");
  assert.equal((await invoke(wf, execution)).outcome, run.outcome);
});

test("waitForCallback: a submitter that keeps failing fails the operation with CallbackFailedError", async () => {
  const calls = counter();
  const wf = workflow("submit-fails", function* () {
    try {
      yield* waitForCallback("review", () => { calls.tick(); throw new Error("queue down"); }, { retry: retryPresets.none });
    } catch (error) {
      return `${(error as Error).name}:${(error as Error).message}:${error instanceof StepFailedError}`;
    }
    return "no";
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"CallbackFailedError:queue down:false"' });
  assert.is(calls.count, 1);
});

test.run();
