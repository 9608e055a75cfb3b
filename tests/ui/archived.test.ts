// The web UI on a service with a journal, whose finished executions leave memory for archive files: the list comes
// from the service's summaries (no archive is read for it), an archived execution's page opens and its history
// downloads, a broken archive fails only its own page; after a restart the live feed tells an open page of the
// changes the service commits, not of the journal's replay, and the UI stops listening when it closes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createHash } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { replayCommand } from "../../lib/cli/replay";
import { SkippingClock } from "../../lib/local/clock";
import { LocalHttpServer } from "../../lib/local/http";
import { Journal } from "../../lib/local/journal";
import { LocalService } from "../../lib/local/service";
import { fetchHistory } from "../../lib/replay/fetch-history";
import { saveHistory } from "../../lib/replay/save-history";
import type { ExecutionDetail, ExecutionList } from "../../lib/ui/view-types";
import { WebUi } from "../../lib/ui/web-ui";
import { orderWorkflow } from "../../samples/order";
import { tempDir } from "../support/temp-dir";

const order = { id: "o", lines: [{ sku: "a", qty: 1, price: 5 }] };

function journaled(data: string): LocalService {
  const service = new LocalService({ journal: new Journal(data), clock: new SkippingClock(), holdTimeForCallbacks: true });
  service.register("order", orderWorkflow);
  return service;
}

async function approvalOf(service: LocalService, arn: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const callback = service.get(arn).all().find((operation) => operation.Type === "CALLBACK" && operation.Status === "STARTED");
    if (callback?.CallbackDetails?.CallbackId !== undefined) return callback.CallbackDetails.CallbackId;
    if (Date.now() > deadline) throw new Error(`${arn} opened no approval callback within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** o-1 approved and SUCCEEDED, o-2 STOPPED (both archived), o-3 RUNNING, waiting on its approval. */
async function threeOrders(service: LocalService): Promise<{ succeeded: string; stopped: string; running: string }> {
  const succeeded = service.start("order", { ...order, id: "1" }, "o-1").executionArn;
  service.succeedCallback(await approvalOf(service, succeeded), JSON.stringify({ approved: true, by: "dana" }));
  assert.is((await service.result(succeeded)).status, "SUCCEEDED");
  const stopped = service.start("order", { ...order, id: "2" }, "o-2").executionArn;
  await approvalOf(service, stopped);
  service.stop(stopped);
  await service.result(stopped);
  const running = service.start("order", { ...order, id: "3" }, "o-3").executionArn;
  await approvalOf(service, running);
  return { succeeded, stopped, running };
}

async function serving(service: LocalService): Promise<{ ui: WebUi; url: string; close(): Promise<void> }> {
  const ui = new WebUi(service, { functions: ["order"] });
  const server = new LocalHttpServer(service, { front: ui });
  const url = await server.listen();
  return { ui, url, close: async () => (ui.close(), server.close()) };
}

async function read<T>(url: string, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(path, url));
  return { status: response.status, body: (await response.json()) as T };
}

/** An open page's feed: the ARNs of every `change` message, as they come. */
function feed(url: string): { changes: string[][]; opened: Promise<void>; close(): void } {
  const changes: string[][] = [];
  let close = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    const call = request(new URL("/ui/events", url), (response) => {
      response.setEncoding("utf8");
      let buffer = "";
      response.on("data", (chunk: string) => {
        buffer += chunk;
        const events = buffer.split("\n\n");
        buffer = events.pop()!;
        for (const event of events.filter((text) => text.startsWith("event: change"))) changes.push((JSON.parse(event.split("data: ")[1]!) as { arns: string[] }).arns);
      });
      resolve();
    });
    call.on("error", reject);
    call.end();
    close = () => call.destroy();
  });
  return { changes, opened, close: () => close() };
}

test("archived executions: listed from the summaries without reading an archive, their page and history served from their own archive, a broken archive fails only its page", async () => {
  const data = tempDir("durable-ui-archived-");
  const service = journaled(data);
  const { succeeded, stopped, running } = await threeOrders(service);
  assert.is(readdirSync(join(data, "executions")).filter((file) => file.endsWith(".json")).length, 2, "the finished executions are archived");
  const reads: string[] = [];
  const get = service.get.bind(service);
  service.get = (arn) => (reads.push(arn), get(arn));
  const { url, close } = await serving(service);
  const client = new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const list = await read<ExecutionList>(url, "/ui/api/executions");
    assert.is(list.status, 200);
    assert.equal(list.body.executions.map(({ name, status, current }) => ({ name, status, current })), [
      { name: "o-3", status: "RUNNING", current: ["approval (started)"] },
      { name: "o-2", status: "STOPPED", current: [] },
      { name: "o-1", status: "SUCCEEDED", current: [] },
    ]);
    assert.ok(list.body.executions.slice(1).every((execution) => execution.endedAt! >= execution.startedAt), "an archived execution's end comes from its summary");
    assert.equal(reads, [running], "the list looks at the running execution only (in memory), no archive");

    reads.length = 0;
    const page = await read<ExecutionDetail>(url, `/ui/api/execution?arn=${encodeURIComponent(succeeded)}`);
    assert.is(page.status, 200);
    assert.is(page.body.status, "SUCCEEDED");
    assert.match(page.body.result!, /"approvedBy":"dana"/);
    assert.ok(page.body.operations.some((operation) => operation.name === "ship" && operation.status === "SUCCEEDED"));
    assert.ok(page.body.timeline.rows.length > 0);
    assert.equal(reads, [succeeded], "an execution page reads that execution alone");

    // The page's download is GetDurableExecutionHistory, every page: what `durable replay` reads.
    const file = join(data, "o-1.history.json");
    const history = await fetchHistory(client, succeeded);
    saveHistory(file, { executionArn: succeeded, events: history.Events });
    assert.is(history.Events.length, get(succeeded).history.events.length);
    const lines: string[] = [];
    assert.is(await replayCommand(["samples/order.ts", file], (line) => lines.push(line)), 0, lines.join("\n"));

    const archiveOf = (arn: string) => join(data, "executions", `${createHash("sha256").update(arn).digest("hex").slice(0, 40)}.json`);
    writeFileSync(archiveOf(stopped), "{\"summary\":");
    const listed = await read<ExecutionList>(url, "/ui/api/executions");
    assert.is(listed.status, 200, "a broken archive does not break the list");
    assert.equal(listed.body.executions.map((execution) => execution.status), ["RUNNING", "STOPPED", "SUCCEEDED"]);
    const broken = await read<{ message: string }>(url, `/ui/api/execution?arn=${encodeURIComponent(stopped)}`);
    assert.is(broken.status, 500);
    assert.match(broken.body.message, `execution ${stopped} could not be read`);
    assert.is((await read(url, `/ui/api/execution?arn=${encodeURIComponent(succeeded)}`)).status, 200);
    assert.is((await read(url, `/ui/api/execution?arn=${encodeURIComponent(`${succeeded}x`)}`)).status, 404);
  } finally {
    client.destroy();
    await close();
    service.close();
  }
});

test("after a restart: the journal's replay is not sent to an open page as live changes, what the service then commits is; close stops listening", async () => {
  const data = tempDir("durable-ui-restart-");
  const before = journaled(data);
  const { succeeded, running } = await threeOrders(before);
  before.close();

  const service = journaled(data);
  let unsubscribed = false;
  let heardAfterClose = 0;
  const onChange = service.onChange.bind(service);
  service.onChange = (listener) => {
    let closed = false;
    const off = onChange((arn, change) => {
      if (closed) heardAfterClose++;
      listener(arn, change);
    });
    return () => {
      unsubscribed = true;
      closed = true;
      off();
    };
  };
  const { ui, url, close } = await serving(service);
  const page = feed(url);
  try {
    await page.opened;
    service.load();
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(page.changes, [], "replaying the journal is no live change");

    const list = await read<ExecutionList>(url, "/ui/api/executions");
    assert.equal(list.body.executions.map(({ arn, status }) => ({ arn, status })).filter(({ arn }) => arn === succeeded || arn === running), [
      { arn: running, status: "RUNNING" },
      { arn: succeeded, status: "SUCCEEDED" },
    ]);

    service.resume();
    const deadline = Date.now() + 10_000;
    while (page.changes.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal([...new Set(page.changes.flat())], [running], "the restored execution's new invocation is live");

    ui.close();
    assert.ok(unsubscribed, "close unsubscribes from the service's changes");
    service.stop(running);
    assert.is(heardAfterClose, 0);
  } finally {
    page.close();
    await close();
    service.close();
  }
});

test.run();
