// `durable serve` mounts the web UI: it prints the link, serves the page on 127.0.0.1 beside the API, and refuses
// a foreign Host; with --data, the UI after a restart shows the archived and the restored executions. Processes
// of their own, stopped with SIGTERM.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TOKEN_HEADER } from "../../lib/ui/request-guard";
import type { ExecutionDetail, ExecutionList } from "../../lib/ui/view-types";
import { tempDir } from "../support/temp-dir";

const root = join(import.meta.dirname, "..", "..");

interface Served {
  /** The web UI's link. */
  readonly link: string;
  readonly output: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number>;
}

/** `durable serve --port 0 ARGS...` from the sources, once it prints the web UI's link. */
async function serve(args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "lib", "cli.ts"), "serve", "--port", "0", ...args], {
    cwd: root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" },
  });
  let output = "";
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  const stop = () => (child.kill("SIGTERM"), exit);
  try {
    const link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no link within 30 s:\n${output}`)), 30_000);
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /web UI: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match === null) return;
        clearTimeout(timer);
        resolve(match[1]!);
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("exit", () => reject(new Error(`serve exited:\n${output}`)));
    });
    return { link, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

test("durable serve prints the web UI's link and serves the page there, on loopback only", async () => {
  const served = await serve(["--function", "order=samples/order.ts", "--quiet"]);
  const { link } = served;
  let exitCode: number;
  try {
    const page = await fetch(link);
    assert.is(page.status, 200);
    assert.match(await page.text(), /<meta name="durable-ui-token" content="[\w-]{32}">/);
    const list = (await (await fetch(new URL("/ui/api/executions", link))).json()) as { functions: string[] };
    assert.equal(list.functions, ["order"]);
    const foreign = await fetch(new URL("/2015-03-31/functions/order/invocations", link), { method: "POST", body: "{}", headers: { origin: "http://evil.example" } });
    assert.is(foreign.status, 403);
    assert.is((await (await fetch(new URL("/ui/api/executions", link))).json() as { executions: unknown[] }).executions.length, 0);
  } finally {
    exitCode = await served.stop();
  }
  assert.is(exitCode, 0, served.output());
});

test("durable serve --data, restarted: the UI lists the archived and the restored executions, opens the archived one, its history downloads, the restored one's callback is answered from the page", async () => {
  const data = tempDir("durable-ui-serve-");
  const args = ["--data", data, "--function", "order=samples/order.ts", "--quiet"];
  const order = { id: "o", lines: [{ sku: "a", qty: 1, price: 5 }] };
  const first = await serve(args);
  const asPage = await pageClient(first.link);
  const stopped = await asPage.start("o-1", order);
  assert.is((await asPage.post(`/2025-12-01/durable-executions/${encodeURIComponent(stopped)}/stop`, JSON.stringify({ ErrorType: "Execution.Stopped", ErrorMessage: "stopped from the web UI" }))).status, 200);
  const running = await asPage.start("o-2", order);
  await asPage.eventually(running, (detail) => detail.pendingCallbacks.length === 1);
  assert.is(await first.stop(), 0, first.output());
  assert.ok(readdirSync(join(data, "executions")).some((file) => file.endsWith(".json")), "the stopped execution is archived");

  const second = await serve(args);
  let exitCode: number;
  try {
    const page = await pageClient(second.link);
    const list = await page.read<ExecutionList>("/ui/api/executions");
    assert.equal(list.executions.map(({ arn, status, current }) => ({ arn, status, current })), [
      { arn: running, status: "RUNNING", current: ["approval (started)"] },
      { arn: stopped, status: "STOPPED", current: [] },
    ]);
    const archived = await page.read<ExecutionDetail>(`/ui/api/execution?arn=${encodeURIComponent(stopped)}`);
    assert.is(archived.status, "STOPPED");
    assert.match(archived.error!, /Execution.Stopped: stopped from the web UI/);
    const history = await page.read<{ Events: { EventType: string }[]; NextMarker?: string }>(`/2025-12-01/durable-executions/${encodeURIComponent(stopped)}/history?IncludeExecutionData=true&MaxItems=1000`);
    assert.is(history.Events[0]!.EventType, "ExecutionStarted");
    assert.is(history.Events.at(-1)!.EventType, "ExecutionStopped");
    assert.is(history.NextMarker, undefined);

    const [callback] = (await page.eventually(running, (detail) => detail.pendingCallbacks.length === 1)).pendingCallbacks;
    const answered = await page.post(`/2025-12-01/durable-execution-callbacks/${encodeURIComponent(callback!.callbackId)}/succeed`, JSON.stringify({ approved: true, by: "dana" }));
    assert.is(answered.status, 200, await answered.text());
    const cooling = await page.eventually(running, (detail) => detail.current.includes("cool-off (started)"));
    assert.is(cooling.status, "RUNNING");
  } finally {
    exitCode = await second.stop();
  }
  assert.is(exitCode, 0, second.output());
  assert.match(second.output(), /1 running executions carried on/);
});

/** Requests as the served page makes them: from its own origin, changes with its token. */
async function pageClient(link: string) {
  const token = /<meta name="durable-ui-token" content="([\w-]+)">/.exec(await (await fetch(link)).text())![1]!;
  const origin = new URL(link).origin;
  const read = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, link), { headers: { "sec-fetch-site": "same-origin" } });
    assert.is(response.status, 200, `${path}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  };
  const post = (path: string, body: string) => fetch(new URL(path, link), {
    method: "POST", body, headers: { origin, "sec-fetch-site": "same-origin", [TOKEN_HEADER]: token, "content-type": "application/json" },
  });
  return {
    read,
    post,
    async start(name: string, input: unknown): Promise<string> {
      const response = await fetch(new URL("/2015-03-31/functions/order/invocations", link), {
        method: "POST", body: JSON.stringify(input), headers: { origin, "sec-fetch-site": "same-origin", [TOKEN_HEADER]: token, "x-amz-invocation-type": "Event", "x-amz-durable-execution-name": name },
      });
      assert.is(response.status, 202, await response.text());
      return response.headers.get("x-amz-durable-execution-arn")!;
    },
    async eventually(arn: string, holds: (detail: ExecutionDetail) => boolean): Promise<ExecutionDetail> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const detail = await read<ExecutionDetail>(`/ui/api/execution?arn=${encodeURIComponent(arn)}`);
        if (holds(detail)) return detail;
        if (Date.now() > deadline) throw new Error(`${arn}: the page did not show what was awaited within 20 s: ${JSON.stringify(detail)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

test("npm start (samples/run-local.ts) prints the web UI's link; outside a terminal it ends with the run", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "samples/run-local.ts"], { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
  assert.is(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /^web UI: http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(run.stdout, /SUCCEEDED after/);
  assert.not.match(run.stdout, /stays up/);
});

test.run();
