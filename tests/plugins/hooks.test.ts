import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, map, retry, step, wait, workflow, type Plugin } from "../../lib/index";
import { runLocal } from "../../lib/testing";

/** Records every hook as "hook name/type detail", in call order. */
function tracer(events: string[], tag = ""): Plugin {
  const at = (hook: string, what: string) => events.push(`${tag}${hook} ${what}`);
  return {
    onInvocationStart: (info) => at("invocation-start", `first=${info.isFirstInvocation} updated=${Object.keys(info.updatedOperations).length}`),
    onInvocationEnd: (info) => at("invocation-end", info.status),
    onOperationStart: (info) => at("operation-start", `${info.name ?? info.type} replay=${info.isReplay}`),
    onOperationEnd: (info) => at("operation-end", `${info.name ?? info.type} ${info.status}`),
    onOperationAttemptStart: (info) => at("attempt-start", `${info.name} #${info.attempt}`),
    onOperationAttemptEnd: (info) => at("attempt-end", `${info.name} #${info.attempt} ${info.outcome}`),
  };
}

const flow = workflow("hooks-flow", function* (input: string) {
  const a = yield* step("a", () => `${input}-a`);
  const b = yield* step("b", (ctx) => {
    if (ctx.attempt === 1) throw new Error("b fails once");
    return "b";
  }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
  yield* wait("pause", 3);
  const c = yield* child("c", function* () { return yield* step("inner", () => "i"); });
  return [a, b, c].join(",");
});

test("hooks fire once per observation, in this order, across three invocations; finished operations replay silently", async () => {
  const events: string[] = [];
  const run = await runLocal(flow, "x", { plugins: [tracer(events)] });
  assert.is(run.status, "SUCCEEDED");
  assert.equal(events, [
    "invocation-start first=true updated=0",
    "operation-start a replay=false", "attempt-start a #1", "attempt-end a #1 SUCCEEDED", "operation-end a SUCCEEDED",
    "operation-start b replay=false", "attempt-start b #1", "attempt-end b #1 FAILED",
    "invocation-end PENDING",
    "invocation-start first=false updated=1",
    "operation-start b replay=true", "attempt-start b #2", "attempt-end b #2 SUCCEEDED", "operation-end b SUCCEEDED",
    "operation-start pause replay=false",
    "invocation-end PENDING",
    "invocation-start first=false updated=1",
    "operation-end pause SUCCEEDED",
    "operation-start c replay=false", "attempt-start c #1",
    "operation-start inner replay=false", "attempt-start inner #1", "attempt-end inner #1 SUCCEEDED", "operation-end inner SUCCEEDED",
    "attempt-end c #1 SUCCEEDED", "operation-end c SUCCEEDED",
    "invocation-end SUCCEEDED",
  ]);
});

test("a plugin whose every hook throws or rejects changes nothing: same outcome, same checkpoints; each failure is reported at ERROR", async () => {
  const throwing: Plugin = { name: "broken" };
  for (const hook of ["onInvocationStart", "onInvocationEnd", "onOperationStart", "onOperationEnd", "onOperationAttemptStart", "onOperationAttemptEnd", "onOperationChange"] as const) {
    (throwing as Record<string, unknown>)[hook] = hook.endsWith("Start") ? () => { throw new Error(`${hook} broke`); } : () => Promise.reject(new Error(`${hook} rejected`));
  }
  Object.assign(throwing, {
    wrapInvocation: () => { throw new Error("wrapper broke before calling"); },
    wrapOperationAttemptFn: (_info: unknown, run: () => unknown) => { run(); run(); throw new Error("wrapper broke after calling twice"); },
    wrapChildContextFn: () => "never calls its function",
    enrichLogContext: () => { throw new Error("enrich broke"); },
  });
  const lines: string[] = [];
  const plain = await runLocal(flow, "x", { log: () => {} });
  const broken = await runLocal(flow, "x", { plugins: [throwing], log: (line) => lines.push(line) });
  assert.is(broken.status, plain.status);
  assert.equal(broken.result, plain.result);
  const shape = (run: typeof plain) => run.events.map((event) => `${event.EventType} ${event.Name ?? ""}`);
  assert.equal(shape(broken), shape(plain));
  const failures = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.level === "ERROR");
  const hooks = new Set(failures.map((record) => (record.data as { hook: string }).hook));
  for (const hook of ["onInvocationStart", "onInvocationEnd", "onOperationStart", "onOperationEnd", "onOperationAttemptStart", "onOperationAttemptEnd", "onOperationChange", "wrapInvocation", "wrapOperationAttemptFn", "wrapChildContextFn"]) {
    assert.ok(hooks.has(hook), `a failure of ${hook} is reported`);
  }
  assert.ok(failures.every((record) => typeof record.executionArn === "string" && (record.data as { plugin: string }).plugin === "broken"));
  assert.match(String(failures[0]!.message), /^plugin hook failed \(ignored\): broken /);
});

test("a wrapper that passes the user function's failure on (sync or as its promise) is not reported as failing", async () => {
  const lines: string[] = [];
  const passing: Plugin = { wrapOperationAttemptFn: (_info, run) => run() };
  const awaiting: Plugin = { async wrapOperationAttemptFn(_info, run) { return await run(); } };
  const syncFails = workflow("sync-fails", function* () {
    try {
      yield* step("sync", (): number => { throw new Error("sync failure"); }, { retry: retry({ maxAttempts: 1 }) });
    } catch {
      // caught: the workflow goes on
    }
    return yield* step("async", async (): Promise<number> => { throw new Error("async failure"); }, { retry: retry({ maxAttempts: 1 }) });
  });
  const run = await runLocal(syncFails, undefined, { plugins: [passing, awaiting], log: (line) => lines.push(line) });
  assert.is(run.status, "FAILED");
  assert.equal(lines, [], "no plugin failure reported");
});

test("hooks are awaited: the body waits for onInvocationStart, the step for onOperationAttemptStart, the result for onInvocationEnd", async () => {
  const events: string[] = [];
  const slow = (label: string) => () => new Promise<void>((resolve) => setTimeout(() => { events.push(label); resolve(); }, 20));
  const plugin: Plugin = { onInvocationStart: slow("start settled"), onOperationAttemptStart: slow("attempt-start settled"), onOperationAttemptEnd: slow("attempt-end settled"), onInvocationEnd: slow("end settled") };
  const once = workflow("awaited", function* (_: undefined, ctx) {
    events.push("body");
    ctx.logger.info("body runs");
    return yield* step("only", () => { events.push("step fn"); return 1; });
  });
  const run = await runLocal(once, undefined, { plugins: [plugin], log: () => {} });
  events.push("result");
  assert.is(run.status, "SUCCEEDED");
  assert.equal(events, ["start settled", "body", "attempt-start settled", "step fn", "attempt-end settled", "end settled", "result"]);
});

test("several plugins are called concurrently, in order: the second's hook does not wait for the first's promise", async () => {
  const events: string[] = [];
  let release: () => void = () => {};
  const first: Plugin = { onInvocationStart: () => new Promise<void>((resolve) => { events.push("A start"); release = () => { events.push("A settles"); resolve(); }; }) };
  const second: Plugin = { onInvocationStart: () => { events.push("B start"); release(); } };
  await runLocal(workflow("two", function* () { return 1; }), undefined, { plugins: [first, second] });
  assert.equal(events, ["A start", "B start", "A settles"]);
});

test("wrappers: wrapInvocation around the run, wrapOperationAttemptFn around each attempt, wrapChildContextFn around each resumption of a body", async () => {
  const events: string[] = [];
  const plugin: Plugin = {
    async wrapInvocation(_info, run) {
      events.push("invocation in");
      const result = await run();
      events.push("invocation out");
      return result;
    },
    wrapOperationAttemptFn(info, run) {
      events.push(`attempt in ${info.name}`);
      const result = run();
      events.push(`attempt out ${info.name}`);
      return result;
    },
    wrapChildContextFn(info, run) {
      events.push(`body in ${info.name}`);
      try {
        return run();
      } finally {
        events.push(`body out ${info.name}`);
      }
    },
  };
  const nested = workflow("wrapped", function* () {
    return yield* child("c", function* () {
      events.push("body code 1");
      const one = yield* step("s1", () => { events.push("s1 fn"); return 1; });
      events.push("body code 2");
      return one + 1;
    });
  });
  const run = await runLocal(nested, undefined, { plugins: [plugin] });
  assert.is(run.result, 2);
  assert.equal(events, [
    "invocation in",
    "body in c", "body code 1", "body out c",
    "attempt in s1", "s1 fn", "attempt out s1",
    "body in c", "body code 2", "body out c",
    "invocation out",
  ]);
});

test("map items and parallel branches are context bodies: attempt hooks with type CONTEXT and isReplayingChildren", async () => {
  const infos: string[] = [];
  const plugin: Plugin = { onOperationAttemptStart: (info) => { if (info.type === "CONTEXT") infos.push(`${info.subType} ${info.name} ${info.isReplayingChildren}`); } };
  const items = workflow("items", function* () {
    const batch = yield* map("m", [1, 2], function* (item) { yield* wait(`w${item}`, 1); return item; });
    return batch.getResults();
  });
  const run = await runLocal(items, undefined, { plugins: [plugin] });
  assert.equal(run.result, [1, 2]);
  assert.equal(infos.slice(0, 2), ["MapIteration map-item-0 false", "MapIteration map-item-1 false"]);
  assert.ok(infos.slice(2).every((line) => line.endsWith("true")), `the bodies run again over their recorded children: ${infos.join("; ")}`);
});

test("enrichLogContext adds its fields to every workflow and step record, asked per record", async () => {
  const lines: string[] = [];
  let n = 0;
  const plugin: Plugin = { enrichLogContext: () => ({ traceId: "t", record: ++n }) };
  const logging = workflow("logs", function* (_: undefined, ctx) {
    ctx.logger.info("from the workflow");
    return yield* step("s", (s) => { s.logger.warn("from the step", { k: 1 }); return 1; });
  });
  await runLocal(logging, undefined, { plugins: [plugin], log: (line) => lines.push(line) });
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(records.map((record) => [record.message, record.traceId, record.record]), [["from the workflow", "t", 1], ["from the step", "t", 2]]);
  assert.equal(records[1]!.data, { k: 1 });
  assert.is(records[1]!.operationName, "s");
});

test("an invocation that fails and that Lambda retries ends RETRYING; the error is the run's own", async () => {
  const statuses: string[] = [];
  const plugin: Plugin = { onInvocationEnd: (info) => { statuses.push(`${info.status} ${info.executionError?.name ?? ""}`); } };
  // A recorded payload that cannot be read fails the invocation (InvocationError), not the execution.
  const unreadable = workflow("unreadable", function* () {
    return yield* step("s", () => "ok", { serdes: { serialize: (value: string) => value, deserialize: () => { throw new Error("cannot read"); } } });
  });
  const run = await runLocal(unreadable, undefined, { plugins: [plugin] });
  assert.ok(statuses.length >= 1);
  assert.is(statuses[0], "RETRYING InvocationError");
  assert.is(run.invocations[0]!.error?.ErrorType, "InvocationError");
});

test.run();
