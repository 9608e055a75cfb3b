import { test } from "uvu";
import * as assert from "uvu/assert";
import { CallbackFailedError, CallbackTimeoutError, createCallback, invoke, InvokeFailedError, parallel, step, wait, waitForCallback, workflow } from "../../../dsl/index";
import { runLocal } from "../../../lib/local/run-local";
import { LocalService } from "../../../lib/local/service";
import { SkippingClock } from "../../../lib/local/clock";
import { LocalExecution } from "../../../lib/local/execution";

const types = (events: readonly { EventType: string }[]) => events.map((event) => event.EventType);

test("skipped time waits a quiet turn: a callback answered in a setImmediate after it starts is answered before the timeout", async () => {
  const service = new LocalService({ clock: new SkippingClock(0) });
  service.register("answered", workflow("answered", function* () {
    yield* step("prepare", () => "ready");
    yield* wait("cool-off", 5);
    const handle = yield* createCallback<string>("approval", { timeout: { hours: 1 } });
    return yield* handle.result;
  }));
  service.onEvent((execution, event) => {
    if (event.EventType !== "CallbackStarted") return;
    const callbackId = execution.get(event.Id!)!.CallbackDetails!.CallbackId!;
    setImmediate(() => service.succeedCallback(callbackId, '"approved"'));
  });
  const done = await service.result(service.start("answered", undefined).executionArn);
  assert.is(done.status, "SUCCEEDED", JSON.stringify(done.error));
  assert.is(done.result, '"approved"');
});

test("skipped time: a 1-hour wait completes at once; the history starts with ExecutionStarted and closes every invocation", async () => {
  const wf = workflow("hour", function* () {
    yield* wait("hour", { hours: 1 });
    return yield* step("after", () => "done");
  });
  const started = Date.now();
  const run = await runLocal(wf, undefined);
  assert.ok(Date.now() - started < 2000);
  assert.is(run.status, "SUCCEEDED");
  assert.is(run.result, "done");
  assert.equal(types(run.events), ["ExecutionStarted", "WaitStarted", "InvocationCompleted", "WaitSucceeded", "StepStarted", "StepSucceeded", "InvocationCompleted", "ExecutionSucceeded"]);
  assert.equal(run.events.map((event) => event.EventId), [1, 2, 3, 4, 5, 6, 7, 8]);
  const waited = run.events[3]!.EventTimestamp.getTime() - run.events[1]!.EventTimestamp.getTime();
  assert.is(waited, 3_600_000, "the wait took an hour of the service's time");
  assert.is(run.invocations.length, 2);
});

test("timers fire in the order they are due, and any completion re-invokes even while the workflow waits on another", async () => {
  const wf = workflow("two-waits", function* () {
    const result = yield* parallel("both", [
      { name: "long", run: function* () { yield* wait("long", 30); return "long"; } },
      { name: "short", run: function* () { yield* wait("short", 10); return "short"; } },
    ]);
    return result.getResults();
  });
  const run = await runLocal(wf, undefined);
  assert.equal(run.result, ["long", "short"]);
  const succeeded = run.events.filter((event) => event.EventType === "WaitSucceeded").map((event) => event.Name);
  assert.equal(succeeded, ["short", "long"]);
  const starts = run.invocations.map((invocation) => (invocation.start.getTime() - run.invocations[0]!.start.getTime()) / 1000);
  assert.equal(starts, [0, 10, 30], "re-invoked when the short wait completed, though the long one still ran");
});

test("callbacks: answered with a result, failed with an error, timed out, with the history the service records", async () => {
  const wf = workflow("callbacks", function* () {
    const approved = yield* waitForCallback<{ ok: boolean }>("approve", () => {}, { timeout: { hours: 2 } });
    const outcomes: string[] = [`approved ${approved.ok}`];
    try {
      yield* waitForCallback("reject", () => {});
    } catch (error) {
      outcomes.push(`${(error as CallbackFailedError).errorType}: ${(error as Error).message}`);
    }
    const handle = yield* createCallback("silent", { timeout: 60 });
    try {
      yield* handle.result;
    } catch (error) {
      outcomes.push(`${error instanceof CallbackTimeoutError} ${(error as CallbackTimeoutError).errorType}`);
    }
    return outcomes;
  });
  const run = await runLocal(wf, undefined, {
    callbacks: { approve: { succeed: { ok: true }, after: { minutes: 5 } }, reject: { fail: { errorType: "RejectedError", message: "not approved" } } },
  });
  assert.equal(run.result, ["approved true", "RejectedError: not approved", "true Callback.Timeout"]);
  const timedOut = run.events.find((event) => event.EventType === "CallbackTimedOut")!;
  assert.equal(timedOut.CallbackTimedOutDetails, { Error: { Payload: { ErrorType: "Callback.Timeout", ErrorMessage: "Callback timed out" }, Truncated: false } });
  const started = run.events.find((event) => event.EventType === "CallbackStarted")!;
  assert.is((started.CallbackStartedDetails as { Timeout: number }).Timeout, 7200);
  const succeeded = run.events.find((event) => event.EventType === "CallbackSucceeded")!;
  assert.equal(succeeded.CallbackSucceededDetails, { Result: { Payload: '{"ok":true}', Truncated: false } });
});

test("heartbeats keep a callback open; silence past the heartbeat timeout times it out with Callback.Heartbeat", async () => {
  const clock = new SkippingClock();
  const service = new LocalService({ clock });
  service.register("beats", workflow("beats", function* () {
    const handle = yield* createCallback<string>("job", { heartbeatTimeout: 60 });
    try {
      return yield* handle.result;
    } catch (error) {
      return (error as CallbackTimeoutError).errorType;
    }
  }));
  let beats = 0;
  service.onEvent((execution, event) => {
    if (event.EventType !== "CallbackStarted") return;
    const callbackId = execution.get(event.Id!)!.CallbackDetails!.CallbackId!;
    const beat = () => {
      if (++beats <= 3) {
        service.heartbeatCallback(callbackId);
        clock.schedule(clock.now() + 50_000, beat);
      }
    };
    clock.schedule(clock.now() + 50_000, beat);
  });
  const execution = service.start("beats", undefined);
  const done = await service.result(execution.executionArn);
  assert.is(done.result, '"Callback.Heartbeat"');
  const started = done.history.events.find((event) => event.EventType === "CallbackStarted")!.EventTimestamp.getTime();
  const ended = done.history.events.find((event) => event.EventType === "CallbackTimedOut")!.EventTimestamp.getTime();
  assert.is((ended - started) / 1000, 3 * 50 + 60, "three heartbeats 50 s apart, then 60 s of silence");
});

test("chained invoke: a durable function runs as a child execution, a plain one is called, an unknown one fails", async () => {
  const double = workflow("double", function* (n: number) { return yield* step("x2", () => n * 2); });
  const wf = workflow("chain", function* (n: number) {
    const doubled = yield* invoke<number>("double", "double-fn", n);
    const greeting = yield* invoke<string>("greet", "greet-fn", { name: "Ada" });
    let missing = "";
    try {
      yield* invoke("missing", "no-such-fn");
    } catch (error) {
      missing = `${error instanceof InvokeFailedError} ${(error as InvokeFailedError).errorType}`;
    }
    return { doubled, greeting, missing };
  });
  const run = await runLocal(wf, 21, {
    functions: { "double-fn": double, "greet-fn": { kind: "handler", durable: false, handler: (event) => `Hello, ${(event as { name: string }).name}` } },
  });
  assert.equal(run.result, { doubled: 42, greeting: "Hello, Ada", missing: "true ResourceNotFoundException" });
  assert.ok(types(run.events).includes("ChainedInvokeSucceeded"));
});

test("an execution that outlives its timeout ends TIMED_OUT", async () => {
  const wf = workflow("slow", function* () { yield* wait("forever", { days: 2 }); });
  const run = await runLocal(wf, undefined, { executionTimeoutSeconds: 3600 });
  assert.is(run.status, "TIMED_OUT");
  assert.is(types(run.events).at(-1), "ExecutionTimedOut");
});

test("a crashed invocation ends with InvocationCompleted carrying the error and is re-invoked; an at-most-once step found STARTED is an interrupted attempt", async () => {
  const clock = new SkippingClock();
  const service = new LocalService({ clock });
  let attempts = 0;
  const wf = workflow("crashy", function* () {
    return yield* step("charge", (s) => {
      attempts++;
      return s.attempt === 1 ? new Promise<string>(() => {}) : `charged on attempt ${s.attempt}`;
    }, { semantics: "at-most-once", retry: () => ({ retry: true, delay: 1 }) });
  });
  let crashed = false;
  service.register("crashy", {
    kind: "handler",
    durable: true,
    handler: async (event) => {
      const arn = (event as { DurableExecutionArn: string }).DurableExecutionArn;
      const { runWorkflow, HistorySnapshot, invocationOutput } = await import("../../../interpreter/index");
      const execution = service.get(arn);
      const running = runWorkflow(wf, undefined, {
        executionArn: arn,
        checkpointToken: (event as { CheckpointToken: string }).CheckpointToken,
        snapshot: HistorySnapshot.of(execution.all()),
        port: { checkpoint: async (token, updates) => service.checkpoint(arn, token, updates), getState: async () => ({}) },
      }).then(({ outcome }) => invocationOutput(outcome));
      if (crashed) return running;
      crashed = true;
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw Object.assign(new Error("the process exited while running step charge"), { name: "Runtime.ExitError" });
    },
  });
  const execution = service.start("crashy", undefined);
  const done = await service.result(execution.executionArn);
  assert.is(done.status, "SUCCEEDED");
  assert.is(done.result, '"charged on attempt 2"');
  assert.is(attempts, 2);
  const events = done.history.events;
  const crash = events.find((event) => event.EventType === "InvocationCompleted")!;
  assert.equal((crash.InvocationCompletedDetails as { Error: { Payload: { ErrorType: string } } }).Error.Payload.ErrorType, "Runtime.ExitError");
  assert.equal(types(events).slice(0, 5), ["ExecutionStarted", "StepStarted", "InvocationCompleted", "StepFailed", "InvocationCompleted"]);
  assert.equal((events[3]!.StepFailedDetails as { Error: { Payload: { ErrorType: string } } }).Error.Payload.ErrorType, "StepInterruptedError");
});

test("a checkpoint with an update the service refuses applies none of its updates, and the token stays valid", () => {
  const execution = new LocalExecution("arn:aws:lambda:us-east-1:123456789012:function:test:$LATEST/durable-execution/atomic/x", undefined);
  const token = execution.event().CheckpointToken;
  const before = execution.all().length;
  assert.throws(() => execution.checkpoint(token, [
    { Id: "a", Type: "STEP", SubType: "Step", Name: "a", Action: "START" },
    { Id: "a", Type: "STEP", SubType: "Step", Name: "a", Action: "SUCCEED", Payload: "1" },
    { Id: "b", Type: "STEP", SubType: "Step", Name: "b", Action: "SUCCEED", Payload: "2" },
  ]), /Updates\[2\] \(Id b, STEP SUCCEED\): the operation was never started/);
  assert.is(execution.all().length, before, "nothing was applied");
  const accepted = execution.checkpoint(token, [{ Id: "a", Type: "STEP", SubType: "Step", Name: "a", Action: "START" }, { Id: "c", Type: "CONTEXT", SubType: "RunInChildContext", Name: "c", Action: "START" }, { Id: "d", ParentId: "c", Type: "WAIT", SubType: "Wait", Name: "d", Action: "START", WaitOptions: { WaitSeconds: 5 } }]);
  assert.equal(accepted.NewExecutionState.Operations.map((operation) => `${operation.Id}:${operation.Status}`), ["a:STARTED", "c:STARTED", "d:STARTED"]);
  assert.is(execution.all().length, before + 3);
});

test("the change feed: onChange hears every change after it is made, with the execution's ARN; unsubscribing stops it; a listener's error breaks nothing", async () => {
  const service = new LocalService({ clock: new SkippingClock() });
  service.register("fed", workflow("fed", function* () {
    yield* wait("pause", 5);
    return yield* step("after", () => "done");
  }));
  const heard: string[] = [];
  const stop = service.onChange((executionArn, change) => {
    heard.push(`${change.type}`);
    assert.is(service.get(executionArn).executionArn, executionArn, "the change is already applied when the listener hears of it");
  });
  service.onChange(() => {
    throw new Error("a broken listener");
  });
  const execution = service.start("fed", undefined);
  assert.is((await service.result(execution.executionArn)).result, '"done"');
  assert.equal(heard, ["start", "invocation-started", "checkpoint", "invocation-completed", "wait-elapsed", "invocation-started", "checkpoint", "invocation-completed", "finished"]);
  stop();
  await service.result(service.start("fed", undefined).executionArn);
  assert.is(heard.length, 9, "nothing heard after unsubscribing");
});

test.run();
