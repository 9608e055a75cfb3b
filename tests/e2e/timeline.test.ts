// The timeline as a user gets it: `durable timeline` on a history file writes a page that headless Chromium
// renders with a visible bar for every operation; `durable run` ends with the terminal timeline.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { saveHistory } from "../../lib/replay/index";
import { SkippingClock } from "../../lib/local/clock";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService } from "../../lib/local/service";
import { hello } from "../../samples/hello";
import { runLocal } from "../../lib/local/run-local";
import { orderWorkflow } from "../../samples/order";
import { tripWorkflow } from "../../samples/saga";
import { chromium, chromiumInstalled } from "../support/chromium";
import { tempDir } from "../support/temp-dir";

const root = join(import.meta.dirname, "..", "..");
// Skipped, not failed, without Chromium: npm test's setup step installs it, or its closing lines name the skip.
const withChromium = chromiumInstalled() ? test : test.skip;
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" };
const dir = tempDir("durable-timeline-");

function durable(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(root, "lib", "cli.ts"), ...args], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** What the page shows for each operation once laid out: its bar's box, and which row is on top at the bar's centre. */
const MEASURE = `<script>
const rows = [...document.querySelectorAll("g.row")].map((row) => {
  const box = row.querySelector("rect.bar").getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return { id: row.dataset.opId, name: row.dataset.opName, failed: row.classList.contains("failed"), width: box.width, height: box.height,
    stroke: getComputedStyle(row.querySelector("rect.bar")).stroke, onTop: hit && hit.closest("g.row") ? hit.closest("g.row").dataset.opId : null };
});
const out = document.createElement("script");
out.type = "application/json";
out.id = "measured";
out.textContent = JSON.stringify({ rows, bands: document.querySelectorAll("g.invocation").length });
document.body.append(out);
</script>`;

interface Measured {
  rows: { id: string; name: string; failed: boolean; width: number; height: number; stroke: string; onTop: string | null }[];
  bands: number;
}

/** Renders the page in headless Chromium with the measuring script added at its end (the page itself has none). */
function measure(page: string): Measured {
  const measured = join(dir, `measured-${Date.now()}.html`);
  writeFileSync(measured, readFileSync(page, "utf8").replace("</body>", `${MEASURE}</body>`));
  const dom = chromium(["--window-size=1500,2000", "--dump-dom"], pathToFileURL(measured).href);
  const json = /<script type="application\/json" id="measured">(.*?)<\/script>/s.exec(dom)?.[1];
  if (json === undefined) throw new Error(`the page did not report its bars:\n${dom.slice(0, 2000)}`);
  return JSON.parse(json) as Measured;
}

function operationIds(events: readonly { EventType: string; Id?: string }[]): string[] {
  return [...new Set(events.filter((event) => event.Id !== undefined && !event.EventType.startsWith("Execution")).map((event) => event.Id!))];
}

function assertEveryOperationHasABar(measured: Measured, events: readonly { EventType: string; Id?: string }[], where: string): void {
  assert.equal(measured.rows.map((row) => row.id).sort(), operationIds(events).sort(), `${where}: a row for every operation, and no other`);
  for (const row of measured.rows) {
    assert.ok(row.width >= 4 && row.height >= 8, `${where}: ${row.name} has a bar of ${row.width}x${row.height}`);
    assert.is(row.onTop, row.id, `${where}: ${row.name}'s bar is not hidden by another row`);
  }
}

const order = { id: "o-42", lines: [{ sku: "book", qty: 2, price: 12 }, { sku: "pen", qty: 5, price: 2 }, { sku: "ink", qty: 1, price: 7 }] };

withChromium("durable timeline --html: Chromium draws a visible bar for every operation of the order demo, and invocation bands", async () => {
  const run = await runLocal(orderWorkflow, order, { callbacks: { approval: { succeed: { approved: true, by: "dana" }, after: { minutes: 2 } } } });
  const history = join(dir, "order-o-42.json");
  saveHistory(history, run);
  const page = join(dir, "order.html");
  const cli = durable("timeline", history, "--html", page);
  assert.is(cli.status, 0, cli.output);
  assert.match(cli.output, /order\.html: 14 operations, 4 invocations, SUCCEEDED/);

  const measured = measure(page);
  assertEveryOperationHasABar(measured, run.events, "order");
  assert.is(measured.bands, run.invocations.length);

  // The README's picture of the demo (regenerate with TIMELINE_SCREENSHOT=samples/timeline.png).
  const screenshot = join(dir, "order.png");
  chromium([`--window-size=1420,${150 + measured.rows.length * 24 + 60}`, `--screenshot=${screenshot}`], pathToFileURL(page).href);
  const png = readFileSync(screenshot);
  assert.equal([...png.subarray(1, 4)], [...Buffer.from("PNG")]);
  assert.ok(png.length > 10_000, `a screenshot of ${png.length} bytes`);
  if (process.env.TIMELINE_SCREENSHOT) copyFileSync(screenshot, join(root, process.env.TIMELINE_SCREENSHOT));
});

withChromium("every recorded sample history (samples/histories) is drawn with a visible bar for every operation", () => {
  const histories = readdirSync(join(root, "samples", "histories")).filter((file) => file.endsWith(".events.json"));
  assert.ok(histories.length >= 5, histories.join(", "));
  for (const file of histories) {
    const page = join(dir, file.replace(/\.json$/, ".html"));
    const cli = durable("timeline", join("samples", "histories", file), "--html", page);
    assert.is(cli.status, 0, cli.output);
    const { Events } = JSON.parse(readFileSync(join(root, "samples", "histories", file), "utf8")) as { Events: { EventType: string; Id?: string }[] };
    const measured = measure(page);
    assertEveryOperationHasABar(measured, Events, file);
    assert.is(measured.bands, Events.filter((event) => event.EventType === "InvocationCompleted").length, file);
  }
});

withChromium("the failing operation is drawn in red: the saga's car booking and its context", async () => {
  const run = await runLocal(tripWorkflow, { traveller: "ada", from: "LHR", to: "LIS", nights: 2, car: "van" });
  const history = join(dir, "trip.json");
  saveHistory(history, run);
  const page = join(dir, "trip.html");
  assert.is(durable("timeline", history, "--html", page).status, 0);
  const measured = measure(page);
  assert.equal(measured.rows.filter((row) => row.failed).map((row) => row.name), ["book-trip", "book-car"]);
  for (const row of measured.rows) assert.is(row.stroke === "rgb(207, 34, 46)", row.failed, `${row.name}: stroke ${row.stroke}`);
});

test("durable timeline prints the terminal view; bad input is exit 2 with the reason", () => {
  const history = join(dir, "trip.json");
  const shown = durable("timeline", history);
  assert.is(shown.status, 0, shown.output);
  assert.match(shown.output, /^\s+book-car\s+█+░+█+\s+failed ✗ \(2 attempts\)$/m);
  const missing = durable("timeline", join(dir, "missing.json"));
  assert.is(missing.status, 2);
  assert.match(missing.output, /missing\.json: cannot read the history file/);
  writeFileSync(join(dir, "operations.json"), '{"Operations": []}');
  const operations = durable("timeline", join(dir, "operations.json"));
  assert.is(operations.status, 2);
  assert.match(operations.output, /operations\.json holds operations \(state\), not events/);
  writeFileSync(join(dir, "bad-time.json"), '{"Events": [{"EventType": "ExecutionStarted", "EventId": 1, "EventTimestamp": "soon", "ExecutionStartedDetails": {}}]}');
  const badTime = durable("timeline", join(dir, "bad-time.json"));
  assert.is(badTime.status, 2, badTime.output);
  assert.match(badTime.output, /EventTimestamp/);
});

test("durable run ends with the timeline and saves the history that durable timeline draws", () => {
  const history = join(dir, "hello.json");
  const run = durable("run", "samples/hello.ts", "--input", '"Ada"', "--history", history);
  assert.is(run.status, 0, run.output);
  assert.match(run.output, /result: "HELLO, ADA!"\nhistory saved to .*hello\.json.*\n\ntimeline \(█ running, ░ waiting\)\ninvocations\s+1\s+2\ngreet\s+█+\s+ok\npause\s+░+\s+wait ok\nshout\s+█+\s+ok\n$/);
  const again = durable("timeline", history);
  assert.ok(run.output.endsWith(`${again.output}`), again.output);
});

test("durable timeline <executionArn> fetches the history from the service through client-lambda", async () => {
  const service = new LocalService({ clock: new SkippingClock() });
  const server = new LocalHttpServer(service);
  const endpoint = await server.listen();
  try {
    service.register("hello", hello);
    const started = service.start("hello", "Ada");
    await service.result(started.executionArn);
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(root, "lib", "cli.ts"), "timeline", started.executionArn, "--endpoint", endpoint], { cwd: root, env });
    assert.match(stdout, /^invocations\s+1\s+2\ngreet\s+█+\s+ok\npause\s+░+\s+wait ok\nshout\s+█+\s+ok\n$/);
  } finally {
    await server.close();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
