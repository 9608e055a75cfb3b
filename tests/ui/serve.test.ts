// `durable serve` mounts the web UI: it prints the link, serves the page on 127.0.0.1 beside the API, and refuses
// a foreign Host. One process, stopped with SIGTERM.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

test("durable serve prints the web UI's link and serves the page there, on loopback only", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "lib", "cli.ts"), "serve", "--port", "0", "--function", "order=samples/order.ts", "--quiet"], {
    cwd: root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" },
  });
  let output = "";
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
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
    const page = await fetch(link);
    assert.is(page.status, 200);
    assert.match(await page.text(), /<meta name="durable-ui-token" content="[\w-]{32}">/);
    const list = (await (await fetch(new URL("/ui/api/executions", link))).json()) as { functions: string[] };
    assert.equal(list.functions, ["order"]);
    const foreign = await fetch(new URL("/2015-03-31/functions/order/invocations", link), { method: "POST", body: "{}", headers: { origin: "http://evil.example" } });
    assert.is(foreign.status, 403);
    assert.is((await (await fetch(new URL("/ui/api/executions", link))).json() as { executions: unknown[] }).executions.length, 0);
  } finally {
    child.kill("SIGTERM");
  }
  assert.is(await exit, 0, output);
});

test("npm start (samples/run-local.ts) prints the web UI's link; outside a terminal it ends with the run", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "samples/run-local.ts"], { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
  assert.is(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /^web UI: http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(run.stdout, /SUCCEEDED after/);
  assert.not.match(run.stdout, /stays up/);
});

test.run();
