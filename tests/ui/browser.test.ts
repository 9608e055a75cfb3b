// The web UI in headless Chromium (Debian's package, driven by playwright-core; no browser is downloaded): the
// order sample started from the page, watched live, its approval answered in the page, its history downloaded and
// replayed; then heartbeat, failure, stop and re-run; and the refusals a foreign page meets.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type Server } from "node:http";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { replayCommand } from "../../lib/cli/replay";
import { SkippingClock } from "../../lib/local/clock";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService } from "../../lib/local/service";
import { WebUi } from "../../lib/ui/web-ui";
import { orderWorkflow, type Order } from "../../samples/order";
import { chromiumPath } from "../support/chromium";
import { tempDir } from "../support/temp-dir";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
const order: Order = { id: "o-ui", lines: [{ sku: "book", qty: 2, price: 12 }, { sku: "pen", qty: 5, price: 2 }] };

interface Setup {
  service: LocalService;
  server: LocalHttpServer;
  ui: WebUi;
  url: string;
  port: number;
  browser: Browser;
  page: Page;
  folder: string;
  close(): Promise<void>;
}

async function setUp(): Promise<Setup> {
  // Time skips (the 2 s retry delay, the 30-minute cool-off) except while a callback waits for the person at the page.
  const service = new LocalService({ clock: new SkippingClock(), holdTimeForCallbacks: true });
  service.register("order", orderWorkflow);
  const ui = new WebUi(service, { functions: ["order"] });
  const server = new LocalHttpServer(service, { front: ui });
  const url = await server.listen();
  const port = Number(new URL(url).port);
  const folder = tempDir("durable-ui-");
  // rebind.test stands for a DNS name an attacker points at 127.0.0.1; nothing else resolves.
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...FLAGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"], timeout: 60_000 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return {
    service, server, ui, url, port, browser, page, folder,
    async close() {
      await browser.close();
      ui.close();
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function startFromPage(page: Page, name: string, input: string): Promise<void> {
  await page.selectOption("#start-function", "order");
  await page.fill("#start-name", name);
  await page.fill("#start-input", input);
  await page.click("#start-submit");
  await page.waitForURL(/#\/execution\//);
}

const statusOf = (page: Page) => page.textContent("#execution-status");

test("start the order sample from the page, watch it live, answer the approval, download the history and replay it", async () => {
  const setup = await setUp();
  const { page, service } = setup;
  try {
    await page.goto(`${setup.url}/`);
    await page.waitForSelector(".live.on");
    assert.match((await page.textContent("table.executions"))!, /No executions yet/);
    // The page is never reloaded: a mark set now is still there at the end.
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

    // The input editor says when the JSON is wrong and holds the start back.
    await page.fill("#start-input", "{\"id\": ");
    assert.ok(await page.isDisabled("#start-submit"));
    assert.match((await page.textContent("#start-input-hint"))!, /not JSON/);
    await startFromPage(page, "o-ui", JSON.stringify(order));

    // Operations appear as the execution checkpoints them, up to the callback it waits on.
    await page.waitForSelector('table.operations tr[data-name="charge"][data-status="SUCCEEDED"]');
    await page.waitForSelector("article.callback");
    const rows = await page.$$eval("table.operations tbody tr", (trs) => trs.map((tr) => `${tr.getAttribute("data-name")} ${tr.getAttribute("data-status")}`));
    assert.ok(rows.includes("price SUCCEEDED"), rows.join("; "));
    assert.ok(rows.includes("reserve-book SUCCEEDED") && rows.includes("reserve-pen SUCCEEDED"), rows.join("; "));
    assert.ok(rows.includes("approval STARTED"), rows.join("; "));
    assert.match((await page.textContent("table.operations"))!, /payment gateway timed out|2/);
    assert.is(await page.$$eval("svg.timeline g.row", (groups) => groups.length), rows.length);
    assert.is(await statusOf(page), "RUNNING");
    const [execution] = service.list();
    assert.is(execution!.executionArn.split("/").at(-2), "o-ui");

    // The callback's JSON editor validates before it sends.
    const result = "article.callback textarea";
    await page.fill(result, "{approved: true}");
    assert.ok(await page.isDisabled("article.callback form.succeed button"));
    await page.fill(result, JSON.stringify({ approved: true, by: "dana" }));
    assert.match((await page.textContent("article.callback .hint"))!, /valid JSON/);
    // The README's picture: the execution page at 1280x800, waiting on the approval that is about to be sent.
    await page.mouse.move(0, 0);
    await page.screenshot({ path: process.env.DURABLE_UI_SCREENSHOT ?? join(setup.folder, "execution.png"), fullPage: true });
    await page.click("article.callback form.succeed button");

    await page.waitForFunction(() => document.getElementById("execution-status")?.textContent === "SUCCEEDED");
    await page.waitForSelector('table.operations tr[data-name="ship"][data-status="SUCCEEDED"]');
    assert.is(await page.$("article.callback"), null);
    assert.ok(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true), "the page was reloaded");
    assert.is(execution!.status, "SUCCEEDED");
    assert.match(execution!.result!, /"approvedBy":"dana"/);
    await page.waitForFunction(() => !document.querySelector("[data-since]"));

    const downloading = page.waitForEvent("download");
    await page.click("#download");
    const download = await downloading;
    const file = join(setup.folder, "o-ui.history.json");
    await download.saveAs(file);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { DurableExecutionArn: string; Events: { EventTimestamp: string }[] };
    assert.is(saved.DurableExecutionArn, execution!.executionArn);
    assert.is(saved.Events.length, execution!.history.events.length);
    assert.match(saved.Events[0]!.EventTimestamp, /^\d{4}-\d\d-\d\dT/);
    const lines: string[] = [];
    assert.is(await replayCommand(["samples/order.ts", file], (line) => lines.push(line)), 0, lines.join("\n"));
    assert.match(lines.join("\n"), /replays/i);
  } finally {
    await setup.close();
  }
});

test("what the API refuses the page shows as refused; heartbeat, failure, stop and re-run from the page; the list filters by status; keyboard only", async () => {
  const setup = await setUp();
  const { page, service } = setup;
  try {
    await page.goto(`${setup.url}/`);
    await page.waitForSelector(".live.on");
    await startFromPage(page, "first", JSON.stringify(order));
    await page.waitForSelector("article.callback");
    // What the API refuses, the page cannot do either: it shows the service's answer.
    await page.fill("article.callback textarea", JSON.stringify("x".repeat(300 * 1024)));
    await page.click("article.callback form.succeed button");
    await page.waitForFunction(() => /InvalidParameterValueException: the callback result is \d+ bytes/.test(document.querySelector(".actions .outcome")?.textContent ?? ""));
    assert.is(service.list()[0]!.status, "RUNNING");
    await page.click("article.callback .heartbeat button");
    await page.waitForFunction(() => /heartbeat sent/.test(document.querySelector(".actions .outcome")?.textContent ?? ""));
    await page.fill("article.callback form.fail input[id$=error-message]", "not this week");
    await page.click("article.callback form.fail button");
    await page.waitForFunction(() => document.getElementById("execution-status")?.textContent === "FAILED");
    assert.match((await page.textContent(".payload.bad"))!, /Rejected: not this week/);

    // Re-run: the same function and input, a new execution.
    await page.click("#rerun");
    await page.waitForFunction(() => document.getElementById("execution-status")?.textContent === "RUNNING" && document.querySelector("article.callback") !== null);
    assert.is(service.list().length, 2);
    assert.is(service.list()[1]!.all()[0]!.ExecutionDetails?.InputPayload, service.list()[0]!.all()[0]!.ExecutionDetails?.InputPayload);
    await page.click("#stop");
    await page.waitForFunction(() => document.getElementById("execution-status")?.textContent === "STOPPED");
    assert.is(service.list()[1]!.status, "STOPPED");
    assert.ok(await page.isHidden("#stop"));

    // The list, by keyboard: filter to the failed one, then Tab to its link and open it with Enter.
    await page.goto(`${setup.url}/#/`);
    await page.waitForSelector("table.executions tr[data-status=STOPPED]");
    await page.focus("#filter-status");
    await page.selectOption("#filter-status", "FAILED");
    assert.is(await page.$$eval("table.executions tbody tr", (trs) => trs.length), 1);
    let focused = "";
    for (let presses = 0; presses < 20 && !focused.startsWith("open-"); presses++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key ?? "");
    }
    assert.is(focused, `open-${service.list()[0]!.executionArn}`);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("execution-status")?.textContent === "FAILED");
  } finally {
    await setup.close();
  }
});

test("a foreign page cannot start an execution (cross-origin POST refused), and a rebinding DNS name gets nothing", async () => {
  const setup = await setUp();
  const { page, service } = setup;
  const foreign: Server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>foreign</title><p>a page from another origin</p>");
  });
  await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
  try {
    const foreignPort = (foreign.address() as AddressInfo).port;
    await page.goto(`http://localhost:${foreignPort}/`);
    const refused = page.waitForResponse((response) => response.url().endsWith("/invocations"));
    // A "simple" request: no preflight, the browser sends it; only the service can refuse it.
    await page.evaluate(async (target) => {
      await fetch(target, { method: "POST", mode: "no-cors", body: "{}", headers: { "content-type": "text/plain" } }).catch(() => undefined);
    }, `${setup.url}/2015-03-31/functions/order/invocations`);
    assert.is((await refused).status(), 403);
    // With the token header it needs a preflight, which is refused too: the browser never sends the POST.
    const preflighted = await page.evaluate(async (target) => {
      try {
        await fetch(target, { method: "POST", body: "{}", headers: { "x-durable-ui-token": "guess" } });
        return "sent";
      } catch {
        return "blocked";
      }
    }, `${setup.url}/2015-03-31/functions/order/invocations`);
    assert.is(preflighted, "blocked");
    assert.is(service.list().length, 0);

    // DNS rebinding: a name that resolves to 127.0.0.1 is not a name the service answers to.
    const response = await page.goto(`http://rebind.test:${setup.port}/`);
    assert.is(response?.status(), 421);
    assert.not.match(await page.content(), /durable-ui-token/);
    const started = await page.evaluate(async () => (await fetch("/2015-03-31/functions/order/invocations", { method: "POST", body: "{}" })).status);
    assert.is(started, 421);
    assert.is(service.list().length, 0);
  } finally {
    foreign.closeAllConnections();
    await new Promise((resolve) => foreign.close(resolve));
    await setup.close();
  }
});

test.run();
