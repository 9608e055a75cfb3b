// Handlers written with the official SDK, as its users write them: `durable serve` runs them for the
// CloudDurableTestRunner tests, and the official LocalDurableTestRunner runs the same ones for the comparison.
// Real-time waits and retry delays are one second, so every test stays within a few seconds.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

const oneSecond = { seconds: 1 };

export const hello = withDurableExecution(async (event: { name?: string }, context: DurableContext) => {
  return await context.step("greet", async () => `Hello, ${event.name ?? "nobody"}`);
});

/** A step that fails on its first two attempts, retried after a second each time. */
export const stepRetries = withDurableExecution(async (event: { name?: string }, context: DurableContext) => {
  const greeting = await context.step("greet", async () => `Hello, ${event.name ?? "nobody"}`);
  const flaky = await context.step("flaky", async (step) => {
    if (step.attempt < 3) throw new Error(`attempt ${step.attempt} failed`);
    return step.attempt;
  }, { retryStrategy: (_error, attempts) => ({ shouldRetry: attempts < 3, delay: oneSecond }) });
  return { greeting, flaky };
});

/** A step that fails on every attempt: the execution fails with its error. */
export const stepFails = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  await context.step("doomed", async () => {
    throw new TypeError("never works");
  }, { retryStrategy: (_error, attempts) => ({ shouldRetry: attempts < 2, delay: oneSecond }) });
  return "unreachable";
});

export const waits = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  await context.wait("pause", oneSecond);
  const after = await context.step("after", async () => "awake");
  await context.wait("again", oneSecond);
  return after;
});

/** A callback the test answers (success or failure) through the runner. */
export const callback = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const [answer, callbackId] = await context.createCallback<string>("approval", { timeout: { seconds: 30 } });
  await context.step("notify", async () => callbackId.length > 0);
  try {
    return { approved: await answer };
  } catch (error) {
    return { refused: (error as Error).message };
  }
});

/** A callback with a heartbeat timeout: the test heartbeats, then answers. */
export const heartbeat = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const [answer] = await context.createCallback<string>("job", { timeout: { seconds: 30 }, heartbeatTimeout: { seconds: 2 } });
  return await answer;
});

/** Callbacks nobody answers: one times out, then one whose heartbeat stops. */
export const callbackTimeouts = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const outcomes: string[] = [];
  const [late] = await context.createCallback<string>("late", { timeout: oneSecond });
  try {
    await late;
  } catch (error) {
    outcomes.push((error as Error).message);
  }
  const [silent] = await context.createCallback<string>("silent", { timeout: { seconds: 30 }, heartbeatTimeout: oneSecond });
  try {
    await silent;
  } catch (error) {
    outcomes.push((error as Error).message);
  }
  return outcomes;
});

export const waitForCallback = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const answer = await context.waitForCallback<string>("ask", async (callbackId, ctx) => {
    ctx.logger.info("submitting", { callbackId });
  }, { timeout: { seconds: 30 } });
  return `answered: ${answer}`;
});

/** Map stopping at two successes; parallel tolerating one failure. */
export const batches = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const squares = await context.map("squares", [1, 2, 3, 4], async (ctx, item) => ctx.step(`square-${item}`, async () => {
    if (item === 1) throw new Error("one is odd");
    return item * item;
  }, { retryStrategy: () => ({ shouldRetry: false }) }), { maxConcurrency: 1, completionConfig: { minSuccessful: 2 } });
  const branches = await context.parallel("branches", [
    { name: "left", func: async (ctx) => ctx.step("left-step", async () => "L") },
    async (ctx) => ctx.step("failing-step", async () => {
      throw new Error("right failed");
    }, { retryStrategy: () => ({ shouldRetry: false }) }),
    async (ctx) => ctx.step("middle-step", async () => "M"),
  ], { completionConfig: { toleratedFailureCount: 1 } });
  return {
    squares: { reason: squares.completionReason, results: squares.getResults() },
    branches: { reason: branches.completionReason, failures: branches.failureCount, results: branches.getResults() },
  };
});

export const childContexts = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const inner = await context.runInChildContext("outer", async (outer) => {
    const first = await outer.step("first", async () => 1);
    const nested = await outer.runInChildContext("inner", async (innerContext) => innerContext.step("second", async () => 2));
    return first + nested;
  });
  return inner;
});

/** Invokes of a durable function and of a plain one (with and without a payload), by the name it is given. */
export function invokes(target: { durable: string; plain: string }) {
  return withDurableExecution(async (_event: unknown, context: DurableContext) => {
    const durable = await context.invoke<{ name: string }, unknown>("call-durable", target.durable, { name: "Ada" }, { tenantId: "tenant-7" });
    const withPayload = await context.invoke<{ value: number }, unknown>("call-plain", target.plain, { value: 3 });
    const withoutPayload = await context.invoke<undefined, unknown>("call-plain-empty", target.plain);
    return { durable, withPayload, withoutPayload };
  });
}

/** The plain function the invokes call: it says what it received. */
export const plainEcho = async (event: unknown) => ({ received: event === undefined ? "undefined" : event });

export const invokeQualified = invokes({ durable: "hello:$LATEST", plain: "echo:$LATEST" });
export const invokeVersionAndAlias = invokes({ durable: "hello:7", plain: "echo:live" });
export const invokeArns = invokes({ durable: "arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST", plain: "arn:aws:lambda:us-east-1:000000000000:function:echo" });
export const invokePartialArns = invokes({ durable: "000000000000:function:hello", plain: "000000000000:function:echo:$LATEST" });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two branches whose steps fail once, b's 300 ms after a's, so b's retry timer fires while the invocation that a's
 * timer started runs (a's second attempt takes 1,500 ms, so b ends first even on a loaded machine) and that invocation picks b up. Then a wait: AWS and the
 * official emulator invoke 3 times, never once more for b's timer.
 */
export const parallelRetries = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const retryOnce = { retryStrategy: (_error: Error, attempts: number) => ({ shouldRetry: attempts < 2, delay: oneSecond }) };
  const result = await context.parallel("both", [
    async (ctx) => ctx.step("a", async (step) => {
      if (step.attempt === 1) throw new Error("a failed once");
      await sleep(1500);
      return "a";
    }, retryOnce),
    async (ctx) => ctx.step("b", async (step) => {
      if (step.attempt === 1) {
        await sleep(300);
        throw new Error("b failed once");
      }
      return "b";
    }, retryOnce),
  ]);
  await context.wait("end", oneSecond);
  return result.getResults();
});

/** The logger: the official SDK's lines come once per operation, not again on replay. */
export const logging = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  context.logger.info("before the wait");
  await context.step("logged", async (step) => {
    step.logger.info("inside the step");
    return true;
  });
  await context.wait("pause", oneSecond);
  context.logger.info("after the wait");
  return "logged";
});
