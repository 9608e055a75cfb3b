import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { httpService, newExecution } from "../support/harness";
import { tempDir } from "../support/temp-dir";

const root = join(import.meta.dirname, "..", "..");

test("the package entries expose their API to plain Node, by require and by import (built by `npm test`'s pretest)", () => {
  assert.ok(existsSync(join(root, "dist/index.cjs")), "dist/ is missing: `npm test` builds it first (pretest), or run `npm run build`");
  const entries = {
    "durable-gen": "workflow,step,wait,invoke,createCallback,waitForCallback,waitForCondition,waitStrategy,child,map,parallel,all,allSettled,race,any,retry,retryPresets,durableHandler,StepFailedError,defaultSerdes,BatchResult,PluginLoadError,patched,deprecatePatch",
    "durable-gen/testing": "runLocal,replay,assertReplays,saveHistory,LocalService,LocalHttpServer,SkippingClock,RealClock,FaultPlan,buildTimeline,checkRunningExecutions,checkSavedHistories",
    "durable-gen/opentelemetry": "openTelemetryPlugin,executionSpanContext,durableExecutionPluginProvider",
    "durable-gen/eslint-plugin": "rules,configs,meta",
  };
  for (const [entry, names] of Object.entries(entries)) {
    const check = `const missing = "${names}".split(",").filter((name) => m[name] === undefined); if (missing.length) { console.log("missing " + missing); process.exit(1); } console.log("ok");`;
    assert.is(execFileSync(process.execPath, ["-e", `const m = require("${entry}"); ${check}`], { cwd: root, encoding: "utf8" }).trim(), "ok", `require("${entry}")`);
    assert.is(execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import("${entry}"); ${check}`], { cwd: root, encoding: "utf8" }).trim(), "ok", `import("${entry}")`);
  }
});

test("interpreter internals are not public: no descriptor classes, snapshot, ids or port in the entries", () => {
  const internals = "StepOp,WaitOp,InvokeOp,BatchOp,CombinatorOp,ChildOp,HistorySnapshot,hashPath,runWorkflow,awsPort,parseInvocationEvent,Journal";
  const script = `const a = await import("durable-gen"), b = await import("durable-gen/testing"); console.log("${internals}".split(",").filter((name) => name in a || name in b).join(",") || "none");`;
  assert.is(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }).trim(), "none");
});

test("a Lambda bundle made by `durable build` (node22 ESM, client-lambda inside) serves an invocation in a fresh process", async () => {
  const outdir = tempDir("durable-bundle-");
  const outfile = join(outdir, "index.mjs");
  execFileSync(process.execPath, [join(root, "dist/cli.mjs"), "build", join(root, "samples/order.handler.ts"), "--outdir", outdir], { cwd: root, encoding: "utf8" });
  const { service, url, close } = await httpService();
  try {
    const execution = service.adopt(newExecution({ id: "b-1", lines: [{ sku: "a", qty: 1, price: 3 }] }));
    const script = `const { handler } = await import(${JSON.stringify(outfile)}); console.log(JSON.stringify(await handler(JSON.parse(process.argv[1]))));`;
    // Asynchronously: the child talks to the service this process serves.
    const child = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(execution.event())], {
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, AWS_ENDPOINT_URL_LAMBDA: url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    assert.equal(JSON.parse(child.stdout.trim().split("\n").at(-1)!), { Status: "PENDING" });
    const calls = execution.checkpoints.map((call) => call.map((update) => `${update.Name} ${update.Action}`));
    assert.equal(calls[0], ["price START", "price SUCCEED"]);
    assert.equal(calls.at(-1), ["charge RETRY"], "the at-most-once charge failed its first attempt and will be retried");
    assert.is(calls.at(-2)!.at(-1), "charge START", "its START was durable before the attempt ran");
  } finally {
    await close();
  }
});

test.run();
