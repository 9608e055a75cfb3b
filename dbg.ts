import { step, wait, workflow, waitForCallback, retry, map, invoke } from "./dsl/index";
import { runLocal } from "./lib/local/run-local";
const wf = workflow("order", function* (input: { n: number }) {
  const a = yield* step("a", (s) => { if (s.attempt < 2) throw new Error("flaky"); return input.n; }, { retry: retry({ maxAttempts: 3, initialDelay: 30 }) });
  yield* wait("hour", { hours: 1 });
  const approval = yield* waitForCallback<{ ok: boolean }>("approval", () => {});
  const doubled = yield* invoke<number>("double", "double-fn", a);
  const m = yield* map("m", [1, 2, 3], function* (x) { return yield* step("sq", () => x * x); });
  return { a, approval, doubled, m: m.getResults() };
});
const double = workflow("double", function* (n: number) { return yield* step("x2", () => n * 2); });
const t0 = Date.now();
const r = await runLocal(wf, { n: 21 }, { functions: { "double-fn": double }, callbacks: { approval: { succeed: { ok: true }, after: { minutes: 10 } } } });
console.log(Date.now() - t0, "ms", r.status, r.result, r.error, r.invocations.length);
for (const e of r.events) console.log(e.EventId, e.EventType, e.Name ?? "", JSON.stringify(e[`${e.EventType}Details`]).slice(0, 100));
