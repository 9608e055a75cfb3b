// The main job (npm start): the order sample end to end on the embedded local service, through its HTTP API on
// 127.0.0.1 and the real client-lambda, with time skipped (the 30-minute cool-off passes at once) and a simulated
// manager who approves two minutes after being asked. Prints every operation as it starts and completes, then the
// execution's timeline, and writes it as an HTML page too. The web UI is served beside the API (the link is printed);
// in a terminal it stays up after the run, until Ctrl-C, to look around and start more orders from the page.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { durableHandler } from "durable-gen";
import { buildTimeline, htmlTimeline, LocalHttpServer, LocalService, progressView, SkippingClock, terminalTimeline, WebUi } from "durable-gen/testing";
import { orderWorkflow, type Order } from "./order";

// The SDK warns that its 2027 releases will need Node 22; this sample runs on Node 20 as well.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const order: Order = { id: "o-42", lines: [{ sku: "book", qty: 2, price: 12 }, { sku: "pen", qty: 5, price: 2 }, { sku: "ink", qty: 1, price: 7 }] };

const service = new LocalService({ clock: new SkippingClock() });
const ui = new WebUi(service, { functions: ["order"] });
const server = new LocalHttpServer(service, { front: ui });
const endpoint = await server.listen();
console.log(`local durable service on ${endpoint} (time is skipped: waits complete at once, in order)\nweb UI: ${endpoint}/\n`);

service.register("order", { kind: "handler", durable: true, handler: durableHandler(orderWorkflow, { log: (line) => console.log(`      log ${line}`) }) });
service.onEvent(progressView((line) => console.log(line)));
service.onEvent((execution, event) => {
  if (event.EventType !== "CallbackStarted") return;
  const callbackId = execution.get(event.Id!)!.CallbackDetails!.CallbackId!;
  service.clock.schedule(service.clock.now() + 120_000, () => {
    console.log("      (the manager approves the order)");
    service.succeedCallback(callbackId, JSON.stringify({ approved: true, by: "dana" }));
  });
});

const started = service.start("order", order, "o-42");
const done = await service.result(started.executionArn);
console.log(`\n${done.status} after ${done.invocations.length} invocations: ${done.result ?? JSON.stringify(done.error)}`);

const timeline = buildTimeline(done.history.events, started.executionArn);
const page = join(tmpdir(), "durable-order-o-42.html");
writeFileSync(page, htmlTimeline(timeline, { title: `order o-42 (${started.executionArn})` }));
console.log(`\ntimeline (█ running, ░ waiting; as a page: ${page})`);
for (const line of terminalTimeline(timeline)) console.log(line);
process.exitCode = done.status === "SUCCEEDED" ? 0 : 1;
if (process.stdout.isTTY) {
  console.log(`\nthe web UI stays up at ${endpoint}/ (Ctrl-C to stop)`);
  await new Promise((resolve) => process.once("SIGINT", resolve));
}
ui.close();
await server.close();
