import { test } from "uvu";
import * as assert from "uvu/assert";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { map, retry, step, wait, workflow } from "../../lib/index";
import { runLocal } from "../../lib/testing";
import { executionSpanContext, openTelemetryPlugin } from "../../lib/plugins/opentelemetry";

function tracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider };
}

const manager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(manager);

let flakyCalls = 0;
const order = workflow("otel-order", function* (items: number[]) {
  const charged = yield* step("charge", (ctx) => {
    flakyCalls++;
    if (ctx.attempt === 1) throw new Error("card declined");
    // User code's own spans nest under the attempt's span, which is current while it runs.
    trace.getTracer("user").startSpan("charge-api").end();
    return "charged";
  }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
  yield* wait("cool-off", 5);
  const shipped = yield* map("ship", items, function* (item) { return yield* step("pack", () => item * 2); });
  return [charged, ...shipped.getResults()];
});

const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const id = (span: ReadableSpan | undefined) => span?.spanContext().spanId;

test("OpenTelemetry: three invocations (a retry, a wait, a map) make one trace whose span tree follows the execution", async () => {
  const { exporter, provider } = tracing();
  trace.setGlobalTracerProvider(provider);
  const run = await runLocal(order, [1, 2], { plugins: [openTelemetryPlugin({ tracerProvider: provider })] });
  assert.is(run.status, "SUCCEEDED");
  assert.equal(run.result, ["charged", 2, 4]);
  assert.is(run.invocations.length, 3);
  const spans = exporter.getFinishedSpans();
  const root = executionSpanContext(run.executionArn);
  assert.equal([...new Set(spans.map((span) => span.spanContext().traceId))], [root.traceId], "one trace, derived from the execution ARN");

  const invocations = byName(spans, "invocation");
  assert.is(invocations.length, 3);
  for (const span of invocations) assert.is(span.parentSpanContext?.spanId, root.spanId);
  assert.equal(invocations.map((span) => span.attributes["durable.invocation.status"]), ["PENDING", "PENDING", "SUCCEEDED"]);
  assert.equal(invocations.map((span) => span.attributes["durable.invocation.first"]), [true, false, false]);

  // Invocation 1: charge attempt 1 fails; invocation 2: attempt 2 succeeds and the wait starts.
  const charges = byName(spans, "charge");
  assert.equal(charges.map((span) => span.attributes["durable.operation.attempt"]), [1, 2]);
  assert.equal(charges.map((span) => span.status.code), [2, 0], "the failed attempt has an ERROR status");
  assert.is(charges[0]!.events[0]?.name, "exception");
  assert.is(charges[0]!.parentSpanContext?.spanId, id(invocations[0]));
  assert.is(charges[1]!.parentSpanContext?.spanId, id(invocations[1]));
  assert.equal(charges[0]!.attributes, {
    "durable.execution.arn": run.executionArn, "durable.operation.id": charges[0]!.attributes["durable.operation.id"], "durable.operation.type": "STEP",
    "durable.replay": false, "durable.operation.name": "charge", "durable.operation.subtype": "Step", "durable.operation.attempt": 1,
  });
  assert.is(byName(spans, "charge-api")[0]?.parentSpanContext?.spanId, id(charges[1]), "user spans nest under the attempt");

  // Invocation 3: the wait's span over its recorded time, then the map, its items and their steps.
  const [coolOff] = byName(spans, "cool-off");
  assert.is(coolOff?.parentSpanContext?.spanId, id(invocations[2]));
  assert.is(coolOff?.attributes["durable.operation.type"], "WAIT");
  assert.ok(coolOff!.duration[0] >= 5, "the wait's span covers its five seconds");
  const [ship] = byName(spans, "ship");
  assert.is(ship?.parentSpanContext?.spanId, id(invocations[2]));
  const items = [...byName(spans, "map-item-0"), ...byName(spans, "map-item-1")];
  assert.is(items.length, 2);
  for (const item of items) assert.is(item.parentSpanContext?.spanId, id(ship));
  const packs = byName(spans, "pack");
  assert.equal(packs.map((span) => span.parentSpanContext?.spanId).sort(), items.map(id).sort());

  // Replayed operations are not emitted again: one span per charge attempt, none for the replayed steps.
  assert.is(spans.length, 3 + 2 + 1 + 1 + 1 + 2 + 2);
});

test("OpenTelemetry: the span active when the handler is called is linked, or with traceParent 'incoming' is the parent", async () => {
  const once = workflow("otel-once", function* () { return yield* step("only", () => 1); });
  for (const traceParent of ["execution", "incoming"] as const) {
    const { exporter, provider } = tracing();
    const caller = provider.getTracer("caller").startSpan("lambda-invocation");
    const run = await context.with(trace.setSpan(context.active(), caller), () => runLocal(once, undefined, { plugins: [openTelemetryPlugin({ tracerProvider: provider, traceParent })] }));
    caller.end();
    const [invocation] = byName(exporter.getFinishedSpans(), "invocation");
    if (traceParent === "execution") {
      assert.is(invocation?.spanContext().traceId, executionSpanContext(run.executionArn).traceId);
      assert.equal(invocation?.links.map((link) => link.context.spanId), [caller.spanContext().spanId]);
    } else {
      assert.is(invocation?.spanContext().traceId, caller.spanContext().traceId);
      assert.is(invocation?.parentSpanContext?.spanId, caller.spanContext().spanId);
    }
  }
});

test("OpenTelemetry: the execution's trace id is the same in every process (derived from the ARN alone)", () => {
  const arn = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/abc/1";
  assert.equal(executionSpanContext(arn), executionSpanContext(arn));
  assert.match(executionSpanContext(arn).traceId, /^[0-9a-f]{32}$/);
  assert.match(executionSpanContext(arn).spanId, /^[0-9a-f]{16}$/);
  assert.is.not(executionSpanContext(arn).traceId, executionSpanContext(`${arn}x`).traceId);
});

test.after(() => {
  manager.disable();
  assert.ok(flakyCalls >= 2);
});

test.run();
