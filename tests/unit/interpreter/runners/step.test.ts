import { test } from "uvu";
import * as assert from "uvu/assert";
import { retry, retryPresets, step, StepFailedError, workflow, type Serdes } from "../../../../dsl/index";
import { hashPath } from "../../../../interpreter/ids";
import { counter, invoke, newMemoryExecution, sent, shape } from "../../../support/harness";

test("execute: an at-least-once step sends START and SUCCEED in one checkpoint and returns its result", async () => {
  const wf = workflow("greet", function* (name: string) {
    const greeting = yield* step("greet", async () => `Hello, ${name}!`);
    return greeting;
  });
  const execution = newMemoryExecution("World");
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify("Hello, World!") });
  assert.equal(execution.checkpoints, [[
    { Id: hashPath("1"), Type: "STEP", SubType: "Step", Name: "greet", Action: "START" },
    { Id: hashPath("1"), Type: "STEP", SubType: "Step", Name: "greet", Action: "SUCCEED", Payload: '"Hello, World!"' },
  ]]);
});

test("execute: a step function that settles in a setImmediate still shares one checkpoint; one on a timer sends START first", async () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const wf = workflow("turns", function* () {
    const a = yield* step("next-turn", async () => { await nextTurn(); return 1; });
    const b = yield* step("timer", async () => { await new Promise((resolve) => setTimeout(resolve, 20)); return 2; });
    return a + b;
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "3" });
  assert.equal(execution.checkpoints.map((call) => call.map((update) => `${update.Name} ${update.Action}`)), [
    ["next-turn START", "next-turn SUCCEED"],
    ["timer START"],
    ["timer SUCCEED"],
  ]);
});

test("replay: a recorded step returns its recorded result and its function does not run", async () => {
  const calls = counter();
  const wf = workflow("twice", function* () {
    const a = yield* step("a", async () => calls.tick());
    const b = yield* step("b", async () => calls.tick() * 10);
    return a + b;
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  assert.is(calls.count, 2);
  const checkpointsBefore = execution.checkpoints.length;
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, { status: "SUCCEEDED", result: "21" });
  assert.is(calls.count, 2, "no step function ran on replay");
  assert.is(replay.replayed, 2);
  assert.is(execution.checkpoints.length, checkpointsBefore, "replay checkpoints nothing");
});

test("sequential steps: each result is durable before the next step function starts", async () => {
  const execution = newMemoryExecution();
  const seenCheckpoints: number[] = [];
  const wf = workflow("seq", function* () {
    yield* step("one", () => { seenCheckpoints.push(execution.checkpoints.length); return 1; });
    yield* step("two", () => { seenCheckpoints.push(execution.checkpoints.length); return 2; });
  });
  await invoke(wf, execution);
  assert.equal(seenCheckpoints, [0, 1]);
  assert.is(execution.checkpoints.length, 2);
});

test("failure: a step without retries records FAIL and throws StepFailedError, catchable around yield*", async () => {
  const wf = workflow("fails", function* () {
    try {
      yield* step("boom", async () => { throw new TypeError("bad input"); }, { retry: retryPresets.none });
      return "not reached";
    } catch (error) {
      if (!(error instanceof StepFailedError)) throw error;
      return `${error.errorType}: ${error.message} (${error.operationName})`;
    }
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify("TypeError: bad input (boom)") });
  const fail = sent(execution).find((update) => update.Action === "FAIL")!;
  assert.is(fail.Error?.ErrorType, "TypeError");
  assert.is(fail.Error?.ErrorMessage, "bad input");
  assert.ok(Array.isArray(fail.Error?.StackTrace));
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, run.outcome, "replay re-throws the recorded error as the same class");
});

test("an uncaught step failure fails the execution with the root cause's type", async () => {
  const wf = workflow("uncaught", function* () {
    yield* step("boom", async () => { throw new RangeError("too far"); }, { retry: retryPresets.none });
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status === "FAILED") {
    assert.is(run.outcome.error.ErrorType, "RangeError");
    assert.is(run.outcome.error.ErrorMessage, "too far");
  }
});

test("retry: a failed attempt checkpoints RETRY with the delay and suspends; the next invocation runs attempt 2", async () => {
  const attempts: number[] = [];
  const wf = workflow("flaky", function* () {
    return yield* step("flaky", async (ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} failed`);
      return "ok";
    }, { retry: retry({ maxAttempts: 5, initialDelay: 2, backoffRate: 3, jitter: "none" }) });
  });
  const execution = newMemoryExecution();
  const first = await invoke(wf, execution);
  assert.equal(first.outcome, { status: "PENDING" });
  assert.equal(shape(sent(execution).at(-1)!), {
    Type: "STEP", SubType: "Step", Name: "flaky", Action: "RETRY",
    Error: { ErrorType: "Error", ErrorMessage: "attempt 1 failed", StackTrace: sent(execution).at(-1)!.Error!.StackTrace },
    StepOptions: { NextAttemptDelaySeconds: 2 },
  });
  const stillWaiting = await invoke(wf, execution);
  assert.equal(stillWaiting.outcome, { status: "PENDING" }, "before the delay passes nothing runs");
  assert.equal(attempts, [1]);
  execution.passRetryDelays();
  await invoke(wf, execution);
  assert.equal(sent(execution).at(-1)!.StepOptions, { NextAttemptDelaySeconds: 6 });
  execution.passRetryDelays();
  const last = await invoke(wf, execution);
  assert.equal(last.outcome, { status: "SUCCEEDED", result: '"ok"' });
  assert.equal(attempts, [1, 2, 3]);
  assert.equal(sent(execution).map((update) => update.Action), ["START", "RETRY", "START", "RETRY", "START", "SUCCEED"]);
});

test("retry exhaustion: the last attempt records FAIL", async () => {
  const wf = workflow("exhaust", function* () {
    yield* step("never", async () => { throw new Error("nope"); }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  execution.passRetryDelays();
  const run = await invoke(wf, execution);
  assert.is(run.outcome.status, "FAILED");
  assert.equal(sent(execution).map((update) => update.Action), ["START", "RETRY", "START", "FAIL"]);
  assert.is(execution.byName("never").StepDetails?.Attempt, 2);
});

test("the default retry strategy is retryPresets.default: full jitter within 1..5 s first", async () => {
  const wf = workflow("defaults", function* () {
    yield* step("x", async () => { throw new Error("x"); });
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  const delay = sent(execution).at(-1)!.StepOptions!.NextAttemptDelaySeconds!;
  assert.ok(delay >= 1 && delay <= 5 && Number.isInteger(delay), `delay ${delay}`);
});

test("at-most-once: START is durable (its own checkpoint) before the function runs", async () => {
  const execution = newMemoryExecution();
  let checkpointsWhenRunning = -1;
  const wf = workflow("amo", function* () {
    return yield* step("charge", () => { checkpointsWhenRunning = execution.checkpoints.length; return 42; }, { semantics: "at-most-once" });
  });
  const run = await invoke(wf, execution);
  assert.equal(run.outcome, { status: "SUCCEEDED", result: "42" });
  assert.is(checkpointsWhenRunning, 1);
  assert.equal(execution.checkpoints.map((call) => call.map((update) => update.Action)), [["START"], ["SUCCEED"]]);
});

test("at-most-once: a STARTED step found on replay is an interrupted attempt fed to the retry strategy", async () => {
  const calls = counter();
  const wf = workflow("interrupted", function* () {
    return yield* step("charge", () => calls.tick(), { semantics: "at-most-once", retry: retryPresets.none });
  });
  const execution = newMemoryExecution();
  execution.checkpoint(execution.event().CheckpointToken, [{ Id: hashPath("1"), Type: "STEP", SubType: "Step", Name: "charge", Action: "START" }]);
  const run = await invoke(wf, execution);
  assert.is(calls.count, 0, "the interrupted attempt is not re-run when the strategy gives up");
  assert.is(run.outcome.status, "FAILED");
  assert.is(sent(execution).at(-1)!.Error?.ErrorType, "StepInterruptedError");
});

test("at-least-once: a STARTED step found on replay runs again without a second START", async () => {
  const wf = workflow("rerun", function* () {
    return yield* step("s", () => "again");
  });
  const execution = newMemoryExecution();
  execution.checkpoint(execution.event().CheckpointToken, [{ Id: hashPath("1"), Type: "STEP", SubType: "Step", Name: "s", Action: "START" }]);
  await invoke(wf, execution);
  assert.equal(execution.checkpoints.at(-1)!.map((update) => update.Action), ["SUCCEED"]);
});

test("the value a step returns goes through its serdes even on the first run", async () => {
  const upper: Serdes<string> = { serialize: (value) => value.toUpperCase(), deserialize: (data) => data ?? "" };
  const wf = workflow("serdes", function* (input: string) {
    return yield* step("echo", () => input, { serdes: upper });
  });
  const run = await invoke(wf, newMemoryExecution("hello world"));
  assert.equal(run.outcome, { status: "SUCCEEDED", result: '"HELLO WORLD"' });
});

test("an undefined result is recorded without a payload", async () => {
  const wf = workflow("nothing", function* () {
    const value = yield* step("nothing", () => undefined);
    return value === undefined ? "undefined" : "other";
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  assert.equal(shape(sent(execution)[1]!), { Type: "STEP", SubType: "Step", Name: "nothing", Action: "SUCCEED" });
  const replay = await invoke(wf, execution);
  assert.equal(replay.outcome, { status: "SUCCEEDED", result: '"undefined"' });
});

test("timeout: the attempt's signal is aborted and the attempt fails with StepTimeoutError", async () => {
  let aborted = false;
  const wf = workflow("slow", function* () {
    yield* step("slow", (ctx) => new Promise<string>((resolve) => {
      ctx.signal.addEventListener("abort", () => { aborted = true; resolve("late"); });
    }), { timeout: 1, retry: retryPresets.none });
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.ok(aborted);
  assert.is(run.outcome.status, "FAILED");
  assert.is(sent(execution).at(-1)!.Error?.ErrorType, "StepTimeoutError");
});

test("a result over 256 KB fails the step with a clear PayloadTooLargeError, not retried", async () => {
  const calls = counter();
  const wf = workflow("big", function* () {
    yield* step("big", () => { calls.tick(); return "x".repeat(300 * 1024); });
  });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.is(calls.count, 1);
  assert.is(run.outcome.status, "FAILED");
  const error = sent(execution).at(-1)!.Error!;
  assert.is(error.ErrorType, "PayloadTooLargeError");
  assert.match(error.ErrorMessage!, /step "big" produced 307202 bytes; the limit for one operation is 262144 bytes/);
});

test("a result JSON cannot represent fails the step with SerializationError naming the step", async () => {
  const wf = workflow("cyclic", function* () {
    try {
      yield* step("cycle", () => { const a: Record<string, unknown> = {}; a.self = a; return a; });
    } catch (error) {
      return (error as StepFailedError).errorType + ": " + (error as Error).message;
    }
    return "unreachable";
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.is(run.outcome.status, "SUCCEEDED");
  if (run.outcome.status === "SUCCEEDED") assert.match(run.outcome.result!, /SerializationError: step \\"cycle\\" returned a value that cannot be serialized/);
  // @ts-expect-error the types reject a BigInt result; this is the runtime check for when they are bypassed
  const bigint = workflow("bigint", function* () { yield* step("n", () => 1n); });
  const failed = await invoke(bigint, newMemoryExecution());
  assert.is(failed.outcome.status, "FAILED");
});

test.run();
