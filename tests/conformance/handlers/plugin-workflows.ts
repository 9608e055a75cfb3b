import { child, parallel, retry, retryPresets, step, wait, workflow } from "../../../lib/index";

// The workflows of the plugin requirements (10-x): each runs with the instrumentation plugin its requirement
// describes (plugin-*-hooks.ts).

/** A step that greets its input and logs that it runs. */
export const pluginGreet = workflow("plugin-greet", function* (name: string) {
  return yield* step("greet", (ctx) => {
    ctx.logger.info(`Greeting step running for: ${name}`);
    return `Hello, ${name}!`;
  });
});

/** A step named "greet" returning "task-a". */
export const pluginTaskA = workflow("plugin-task-a", function* () {
  return yield* step("greet", () => "task-a");
});

/** A two-second wait. */
export const pluginWait = workflow("plugin-wait", function* () {
  yield* wait("pause", 2);
});

/** A two-second wait, then "done-" and the input. */
export const pluginWaitThenDone = workflow("plugin-wait-then-done", function* (input: string) {
  yield* wait("pause", 2);
  return `done-${input}`;
});

/** A step that always throws, with no retries. */
export const pluginFailingStep = workflow("plugin-failing-step", function* () {
  return yield* step("failing", (): string => {
    throw new Error("the step always fails");
  }, { retry: retryPresets.none });
});

const oneRetry = retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" });

/** A step that fails its first attempt and succeeds on the second. */
export const pluginRetryThenSuccess = workflow("plugin-retry-then-success", function* () {
  return yield* step("unreliable", (ctx) => {
    if (ctx.attempt === 1) throw new Error("first attempt fails");
    return "Operation succeeded";
  }, { retry: oneRetry });
});

/** Step "flaky": throws on attempt 1, returns "ok" on attempt 2. */
export const pluginFlaky = workflow("plugin-flaky", function* () {
  return yield* step("flaky", (ctx) => {
    if (ctx.attempt === 1) throw new Error("flaky fails its first attempt");
    return "ok";
  }, { retry: oneRetry });
});

/** A step that always throws, two attempts in all. */
export const pluginAlwaysFails = workflow("plugin-always-fails", function* () {
  return yield* step("always-fail", (): string => {
    throw new Error("always fails");
  }, { retry: oneRetry });
});

/** Step A succeeds; step B fails once, then succeeds. */
export const pluginTwoStepsRetry = workflow("plugin-two-steps-retry", function* () {
  yield* step("a", () => "task-a");
  return yield* step("b", (ctx) => {
    if (ctx.attempt === 1) throw new Error("b fails its first attempt");
    return "Operation succeeded";
  }, { retry: oneRetry });
});

/** Step A returns "task-a"; step B throws "boom" with no retries. */
export const pluginTwoStepsFail = workflow("plugin-two-steps-fail", function* () {
  yield* step("a", () => "task-a");
  return yield* step("b", (): string => {
    throw new Error("boom");
  }, { retry: retryPresets.none });
});

/** A child context holding a step that greets the input. */
export const pluginChildGreet = workflow("plugin-child-greet", function* (name: string) {
  return yield* child("greeting", function* () {
    return yield* step("greet", () => `Hello, ${name}!`);
  });
});

/** Parallel "parallel": two branches returning constants, one at a time. */
export const pluginParallelConstants = workflow("plugin-parallel-constants", function* () {
  const batch = yield* parallel("parallel", [function* () { return "task-1"; }, function* () { return "task-2"; }], { maxConcurrency: 1 });
  return batch.getResults();
});

/** Parallel "waits": a 2 s wait "short" and an 8 s wait "long" pending together. */
export const pluginParallelWaits = workflow("plugin-parallel-waits", function* () {
  const batch = yield* parallel("waits", [
    function* () { yield* wait("short", 2); return "short-done"; },
    function* () { yield* wait("long", 8); return "long-done"; },
  ], { maxConcurrency: 2 });
  return batch.getResults();
});

/** Parallel "ctx", one branch at a time: "branch-a" runs a step and a wait, "branch-b" returns at once. */
export const pluginParallelNamedBranches = workflow("plugin-parallel-named-branches", function* () {
  const batch = yield* parallel("ctx", [
    { name: "branch-a", run: function* () { yield* step("inner", () => "x"); yield* wait("pause", 2); return "a-done"; } },
    { name: "branch-b", run: function* () { return "b-done"; } },
  ], { maxConcurrency: 1 });
  return batch.getResults();
});
