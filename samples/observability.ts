// Plugins and observability: a checkout traced with the OpenTelemetry plugin and logged through a Powertools
// Logger, with a small plugin of one's own that logs how long each operation took. Run it with
// `node --import tsx samples/observability.ts`: it prints the log records, then the span tree (three invocations of
// one execution, one trace).
import { pathToFileURL } from "node:url";
import { Logger } from "@aws-lambda-powertools/logger";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { map, retry, step, wait, workflow, type Plugin } from "durable-gen";
import { runLocal } from "durable-gen/testing";
import { openTelemetryPlugin } from "durable-gen/opentelemetry";

/** Three invocations: the charge fails once (retried a second later), a wait, then a map over the items. */
export const checkoutWorkflow = workflow("checkout", function* (cart: { id: string; items: string[] }, ctx) {
  ctx.logger.info("checkout started", { cart: cart.id });
  const charge = yield* step("charge", (s) => {
    if (s.attempt === 1) throw new Error("the card gateway timed out");
    s.logger.info("charged");
    return `ch-${cart.id}`;
  }, { retry: retry({ maxAttempts: 3, initialDelay: 1, jitter: "none" }) });
  yield* wait("fraud-review", { minutes: 10 });
  const packed = yield* map("pack", cart.items, function* (item) { return yield* step("pick", () => `${item}:picked`); });
  return { charge, packed: packed.getResults() };
});

/** A plugin of your own: how long each operation took (as the service recorded it), and a field on every log record. */
export function timingPlugin(print: (line: string) => void): Plugin {
  let invocation = 0;
  return {
    name: "timing",
    onInvocationStart: (info) => { invocation++; print(`invocation ${invocation} starts (first: ${info.isFirstInvocation}, updated since the last: ${Object.keys(info.updatedOperations).length})`); },
    onOperationEnd: (info) => {
      const ms = info.startTimestamp && info.endTimestamp ? info.endTimestamp.getTime() - info.startTimestamp.getTime() : 0;
      print(`${info.type} ${info.name ?? info.id} ${info.status} after ${ms} ms`);
    },
    onInvocationEnd: (info) => print(`invocation ${invocation} ends ${info.status}`),
    enrichLogContext: () => ({ invocation }),
  };
}

/** The span tree, one line per span, indented under its parent. */
export function spanTree(spans: readonly ReadableSpan[]): string[] {
  const children = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const sorted = [...(children.get(parent) ?? [])].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const span of sorted) {
      const attempt = span.attributes["durable.operation.attempt"];
      lines.push(`${"  ".repeat(depth)}${span.name}${attempt === undefined ? "" : ` #${attempt}`}${span.status.code === 2 ? " (error)" : ""}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const run = await runLocal(checkoutWorkflow, { id: "c-1", items: ["book", "pen"] }, {
    plugins: [openTelemetryPlugin({ tracerProvider }), timingPlugin((line) => console.log(`[timing] ${line}`))],
    logger: new Logger({ serviceName: "checkout" }),
  });
  console.log(`\n${run.status}: ${JSON.stringify(run.result)}`);
  console.log(`\none trace (${exporter.getFinishedSpans()[0]?.spanContext().traceId}):`);
  for (const line of spanTree(exporter.getFinishedSpans())) console.log(`  ${line}`);
}
