// The web UI in headless Firefox ESR (Debian's package, over WebDriver BiDi; see firefox-bidi.ts): the list updates
// live when an execution starts through the API, the execution's page opens from the list, its approval is typed
// into the JSON editor with the keyboard and sent with Ctrl+Enter, and the page shows SUCCEEDED.
// Without firefox-esr (not root, offline) the test is skipped, and says so: npm test's closing line counts it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { SkippingClock } from "../../lib/local/clock";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService } from "../../lib/local/service";
import { WebUi } from "../../lib/ui/web-ui";
import { orderWorkflow, type Order } from "../../samples/order";
import { firefoxPath, launchFirefox, type Firefox } from "./firefox-bidi";

const NAME = "Firefox ESR: the list updates live, an execution's page opens from it, the approval is typed and sent by keyboard, SUCCEEDED";
const TEST_MS = 120_000;
const order: Order = { id: "o-ff", lines: [{ sku: "book", qty: 1, price: 3 }] };

interface RemoteValue {
  type: string;
  value?: unknown;
}
interface Evaluated {
  type: "success" | "exception";
  result?: RemoteValue & { sharedId?: string };
  exceptionDetails?: { text: string };
}

/** The page, as the test drives it: script run in it, and real key and pointer input. */
function pageOf(firefox: Firefox) {
  const target = { context: firefox.context };
  const evaluate = async (expression: string): Promise<Evaluated["result"]> => {
    const evaluated = await firefox.call<Evaluated>("script.evaluate", { expression, target, awaitPromise: true, resultOwnership: "root" });
    if (evaluated.type === "exception") throw new Error(`in the page: ${evaluated.exceptionDetails?.text} (${expression})`);
    return evaluated.result;
  };
  const value = async (expression: string): Promise<unknown> => (await evaluate(expression))?.value;
  return {
    value,
    async navigate(url: string) {
      await firefox.call("browsingContext.navigate", { context: firefox.context, url, wait: "complete" });
    },
    /** Polls a condition in the page until it holds; fails with what the page showed when it does not. */
    async until(expression: string, what: string, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ((await value(expression)) === true) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the page never showed ${what} within ${timeoutMs} ms; it showed:\n${String(await value("document.getElementById('main')?.innerText"))}`);
    },
    async click(selector: string) {
      const element = await evaluate(`document.querySelector(${JSON.stringify(selector)})`);
      if (element?.sharedId === undefined) throw new Error(`nothing in the page matches ${selector}`);
      await firefox.call("input.performActions", { context: firefox.context, actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [
        { type: "pointerMove", x: 0, y: 0, origin: { type: "element", element: { sharedId: element.sharedId } } },
        { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 },
      ] }] });
    },
    /** Keys as typed: each character (or WebDriver key such as Tab) pressed and released. */
    async type(text: string) {
      await firefox.call("input.performActions", { context: firefox.context, actions: [{ type: "key", id: "keyboard", actions: [...text].flatMap((key) => [{ type: "keyDown", value: key }, { type: "keyUp", value: key }]) }] });
    },
    /** A key pressed while a modifier (e.g. Control) is held. */
    async chord(modifier: string, key: string) {
      await firefox.call("input.performActions", { context: firefox.context, actions: [{ type: "key", id: "keyboard", actions: [
        { type: "keyDown", value: modifier }, { type: "keyDown", value: key }, { type: "keyUp", value: key }, { type: "keyUp", value: modifier },
      ] }] });
      await firefox.call("input.releaseActions", { context: firefox.context });
    },
  };
}

const CONTROL = "\uE009";
const ENTER = "\uE007";
const TAB = "\uE004";

const executable = firefoxPath();
if (executable === undefined) {
  console.log(`SKIPPED (firefox-esr is not installed, or FIREFOX names no file: apt-get install -y firefox-esr, which npm test does as root or with CI=true): ${NAME}`);
  test.skip(NAME, () => {});
} else {
  test(NAME, async () => {
    // Time skips (the charge's retry delay, the cool-off) except while the approval waits for the person at the page.
    const service = new LocalService({ clock: new SkippingClock(), holdTimeForCallbacks: true });
    service.register("order", orderWorkflow);
    const ui = new WebUi(service, { functions: ["order"] });
    const server = new LocalHttpServer(service, { front: ui });
    const url = await server.listen();
    let firefox: Firefox | undefined;
    try {
      // Each step of the launch has its own bound, and a launch that fails ends the browser it started.
      firefox = await launchFirefox(executable, { timeoutMs: 60_000 });
      await within(TEST_MS, () => flow(firefox!, service, url));
    } finally {
      await firefox?.close();
      ui.close();
      await server.close();
    }
  });
}

async function flow(firefox: Firefox, service: LocalService, url: string): Promise<void> {
  assert.match(firefox.version, /^\d+\./);
  await firefox.call("browsingContext.setViewport", { context: firefox.context, viewport: { width: 1280, height: 800 } });
  const page = pageOf(firefox);
  await page.navigate(`${url}/`);
  await page.until(`document.querySelector(".live.on") !== null`, "the live feed connected");
  await page.until(`/No executions yet/.test(document.querySelector("table.executions")?.textContent ?? "")`, "an empty list");
  // The page is never reloaded: a mark set now is still there at the end.
  await page.value(`window.loadedOnce = true`);

  // Started through the API, not the page: the list learns of it from the live feed.
  const lambda = new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  const started = await lambda.send(new InvokeCommand({ FunctionName: "order", InvocationType: "Event", DurableExecutionName: "o-ff", Payload: Buffer.from(JSON.stringify(order)) }));
  const arn = started.DurableExecutionArn!;
  const row = `table.executions tr[data-arn=${JSON.stringify(arn)}]`;
  await page.until(`document.querySelector(${JSON.stringify(row)}) !== null`, "the new execution in the list");
  await page.until(`/^approval\\b/.test(document.querySelector(${JSON.stringify(`${row} td.current`)})?.textContent ?? "")`, "the list row waiting on the approval");
  assert.is(await page.value(`document.querySelector(${JSON.stringify(row)}).dataset.status`), "RUNNING");

  // Its link opens the execution's page, with the approval's form.
  await page.click(`${row} a`);
  await page.until(`location.hash.startsWith("#/execution/") && document.getElementById("execution-status")?.textContent === "RUNNING"`, "the execution's page, RUNNING");
  await page.until(`document.querySelector("article.callback textarea") !== null`, "the approval's form");
  assert.is(await page.value(`[...document.querySelectorAll("table.operations tbody tr")].some((tr) => tr.dataset.name === "charge" && tr.dataset.status === "SUCCEEDED")`), true);

  // Keyboard only: Tab to the editor, type; half a value is refused as it is typed, the whole one sent with Ctrl+Enter.
  const editorFocused = `document.activeElement === document.querySelector("article.callback textarea")`;
  for (let presses = 0; presses < 20 && (await page.value(editorFocused)) !== true; presses++) await page.type(TAB);
  assert.is(await page.value(editorFocused), true, "Tab never reached the callback's editor");
  await page.type(`{"approved": true, "by": `);
  await page.until(`/not JSON/.test(document.querySelector("article.callback .hint")?.textContent ?? "")`, "the editor saying the half-typed value is not JSON");
  assert.is(await page.value(`document.querySelector("article.callback form.succeed button").disabled`), true);
  await page.type(`"fx"}`);
  await page.until(`document.querySelector("article.callback .hint")?.textContent === "valid JSON"`, "the editor accepting the value");
  assert.is(await page.value(`document.querySelector("article.callback textarea").value`), `{"approved": true, "by": "fx"}`);
  await page.chord(CONTROL, ENTER);

  await page.until(`document.getElementById("execution-status")?.textContent === "SUCCEEDED"`, "SUCCEEDED", 30_000);
  await page.until(`document.querySelector('table.operations tr[data-name="ship"][data-status="SUCCEEDED"]') !== null && document.querySelector("article.callback") === null`, "the shipped order and no open callback");
  assert.is(await page.value(`window.loadedOnce === true`), true, "the page was reloaded");
  const [execution] = service.list();
  assert.is(execution!.executionArn, arn);
  assert.is(execution!.status, "SUCCEEDED");
  assert.match(execution!.result!, /"approvedBy":"fx"/);
}

/** The test's whole time bound: past it the test fails, and its `finally` closes Firefox. */
async function within(timeoutMs: number, run: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the Firefox test did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

test.run();
