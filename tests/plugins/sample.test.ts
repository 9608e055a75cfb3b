// The observability sample, as its comment promises: three invocations, one trace, the timing plugin's lines.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { runLocal } from "durable-gen/testing";
import { openTelemetryPlugin } from "durable-gen/opentelemetry";
import { checkoutWorkflow, spanTree, timingPlugin } from "../../samples/observability";

test("observability sample: the span tree of its three invocations, in one trace, and the timing plugin's report", async () => {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const timings: string[] = [];
  const lines: string[] = [];
  const run = await runLocal(checkoutWorkflow, { id: "c-1", items: ["book", "pen"] }, {
    plugins: [openTelemetryPlugin({ tracerProvider }), timingPlugin((line) => timings.push(line))],
    log: (line) => lines.push(line),
  });
  assert.is(run.status, "SUCCEEDED");
  const spans = exporter.getFinishedSpans();
  assert.is(new Set(spans.map((span) => span.spanContext().traceId)).size, 1);
  assert.equal(spanTree(spans), [
    "invocation", "  charge #1 (error)",
    "invocation", "  charge #2",
    "invocation", "  pack", "    map-item-0", "      pick #1", "    map-item-1", "      pick #1", "  fraud-review",
  ]);
  assert.ok(timings.includes("WAIT fraud-review SUCCEEDED after 600000 ms"), timings.join("\n"));
  assert.equal(timings.filter((line) => line.startsWith("invocation")).map((line) => line.split(" (")[0]), [
    "invocation 1 starts", "invocation 1 ends PENDING", "invocation 2 starts", "invocation 2 ends PENDING", "invocation 3 starts", "invocation 3 ends SUCCEEDED",
  ]);
  assert.equal(lines.map((line) => (JSON.parse(line) as { message: string; invocation: number })).map((record) => [record.message, record.invocation]), [["checkout started", 1], ["charged", 2]]);
});

test.run();
