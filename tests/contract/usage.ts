// The DSL contract of DESIGN.md, written as a user would write it. It must type-check under strict mode
// against the package (imported as "durable-gen"); every @ts-expect-error line must really be an error.
import {
  workflow, step, wait, invoke, createCallback, waitForCallback, waitForCondition, waitStrategy,
  child, parallel, map, all, race, retry, retryPresets, durableHandler, StepFailedError,
} from "durable-gen";

type Order = { id: string; lines: { sku: string; qty: number }[] };

export const orderFlow = workflow("order", function* (input: Order, ctx) {
  const arn: string = ctx.executionArn;
  const total = yield* step("price", async () => input.lines.reduce((s, l) => s + l.qty, 0));
  const n: number = total;
  // @ts-expect-error a step's result keeps its type
  const wrong: string = total;
  yield* wait("cool-off", { minutes: 5 });
  yield* wait("short", 10);
  const charged = yield* step("charge", async (s) => ({ ok: true, attempt: s.attempt, signal: s.signal.aborted }),
    { retry: retry({ maxAttempts: 3, initialDelay: { seconds: 1 }, backoffRate: 2, jitter: "full" }), semantics: "at-most-once" });
  const ok: boolean = charged.ok;
  yield* step("noretry", () => 1, { retry: retryPresets.none });
  const echoed = yield* invoke<{ echoed: string }>("echo", "echo-fn", { text: "hi" });
  const text: string = echoed.echoed;
  const cb = yield* createCallback<{ approved: boolean }>("approval", { timeout: { hours: 1 }, heartbeatTimeout: 60 });
  const id: string = cb.callbackId;
  const approval = yield* cb.result;
  const approved: boolean = approval.approved;
  const review = yield* waitForCallback<string>("review", async (callbackId, s) => { void callbackId; void s.attempt; }, { timeout: { days: 1 } });
  const r: string = review;
  const polled = yield* waitForCondition("poll", async (state: number) => state + 1,
    { initialState: 0, wait: waitStrategy<number>({ until: (s) => s >= 3, maxAttempts: 10 }) });
  const p: number = polled;
  const sub = yield* child("billing", function* () { return yield* step("fee", async () => "fee-1"); });
  const f: string = sub;
  const shipped = yield* map("ship", input.lines, function* (line, index) {
    return yield* step(`ship-${line.sku}`, async () => ({ sku: line.sku, index }));
  }, { maxConcurrency: 5, completion: { toleratedFailureCount: 1 }, itemName: (line) => line.sku });
  const skus: string[] = shipped.getResults().map((x) => x.sku);
  const branches = yield* parallel("notify", [
    function* () { return yield* step("email", async () => 1); },
    { name: "sms", run: function* () { return yield* step("sms", async () => 2); } },
  ], { nesting: "flat" });
  branches.throwIfError();
  const both = yield* all("both", [step("a", async () => 1), step("b", async () => "b")]);
  const a1: number = both[0]; const b1: string = both[1];
  const first = yield* race("first", [wait("timeout", 60), step("fast", async () => "x")]);
  void first;
  try {
    yield* step("may-fail", async () => { throw new Error("boom"); });
  } catch (e) {
    if (e instanceof StepFailedError) { const t: string = e.errorType; void t; }
  }
  void arn; void n; void wrong; void ok; void text; void id; void approved; void r; void p; void f; void skus; void a1; void b1;
  return { total, charged };
});

export const handler = durableHandler(orderFlow);
