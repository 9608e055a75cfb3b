import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler, PluginLoadError, step, wait, withEnvironmentPlugins, workflow, type Plugin } from "../../lib/index";
import type { LocalHttpServer } from "../../lib/local/http";
import type { LocalService } from "../../lib/local/service";
import { httpService, newExecution } from "../support/harness";
import { seen } from "./fixtures/env-plugin";

const handlerSuite = suite<{ service: LocalService; server: LocalHttpServer; client: LambdaClient; close: () => Promise<void> }>("plugins in durableHandler, through client-lambda", {
  service: undefined as never, server: undefined as never, client: undefined as never, close: async () => {},
});

handlerSuite.before(async (context) => {
  const { service, server, url, close } = await httpService();
  Object.assign(context, { service, server, close, client: new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 }) });
});

handlerSuite.after(async (context) => {
  context.client.destroy();
  await context.close();
});

const order = workflow("plugin-order", function* (input: { qty: number }, ctx) {
  ctx.logger.info("pricing");
  const price = yield* step("price", () => input.qty * 5);
  yield* wait("cool-off", { minutes: 5 });
  return price;
});

const lambdaEvent = (execution: ReturnType<typeof newExecution>) => JSON.parse(JSON.stringify(execution.event())) as unknown;

handlerSuite("the request id, the operations updated since the last invocation (UpdatedOperationIds) and the log level reach plugins and logs", async ({ service, client }) => {
  const events: string[] = [];
  const plugin: Plugin = {
    onInvocationStart: (info) => { events.push(`start ${info.requestId} first=${info.isFirstInvocation} updated=${Object.values(info.updatedOperations).map((o) => `${o.name}:${o.status}`).join(",")}`); },
    onOperationEnd: (info) => { events.push(`end ${info.name} ${info.status}`); },
    onInvocationEnd: (info) => { events.push(`invocation-end ${info.status} ${JSON.stringify(info.executionResult)}`); },
  };
  const lines: string[] = [];
  const handler = durableHandler(order, { client, log: (line) => lines.push(line), plugins: [plugin], logLevel: "INFO" });
  const execution = service.adopt(newExecution({ qty: 3 }));
  assert.equal(await handler(lambdaEvent(execution), { awsRequestId: "req-1" }), { Status: "PENDING" });
  execution.completeWait("cool-off");
  // As the service does when it invokes: the invocation's record holds what changed since the last one.
  execution.invocationStarted("req-2");
  assert.equal(await handler(lambdaEvent(execution), { awsRequestId: "req-2" }), { Status: "SUCCEEDED", Result: "15" });
  assert.equal(events, [
    "start req-1 first=true updated=", "end price SUCCEEDED", "invocation-end PENDING undefined",
    "start req-2 first=false updated=cool-off:SUCCEEDED", "end cool-off SUCCEEDED", "invocation-end SUCCEEDED 15",
  ]);
  assert.equal(lines.map((line) => JSON.parse(line) as Record<string, unknown>).map((record) => [record.message, record.requestId]), [["pricing", "req-1"]]);
});

handlerSuite("an invocation error Lambda retries ends RETRYING; a checkpoint the service rejects as invalid ends FAILED", async ({ service, server, client }) => {
  const statuses: string[] = [];
  const plugin: Plugin = { onInvocationEnd: (info) => { statuses.push(`${info.status} ${info.executionError?.name}`); } };
  const handler = durableHandler(order, { client, log: () => {}, plugins: [plugin] });
  server.faults = () => ({ status: 500, type: "ServiceException", message: "internal" });
  await handler(lambdaEvent(service.adopt(newExecution({ qty: 1 })))).then(() => assert.unreachable("rethrown"), (error: Error) => assert.is(error.name, "ServiceException"));
  server.faults = () => ({ status: 400, type: "InvalidParameterValueException", message: "Payload too large" });
  const output = await handler(lambdaEvent(service.adopt(newExecution({ qty: 1 }))));
  server.faults = undefined;
  assert.is(output.Status, "FAILED");
  assert.equal(statuses, ["RETRYING ServiceException", "FAILED InvalidParameterValueException"]);
});

handlerSuite("DURABLE_EXECUTION_PLUGINS adds plugins by module name, after the given ones, loaded once per handler", async ({ service, client }) => {
  const previous = process.env.DURABLE_EXECUTION_PLUGINS;
  process.env.DURABLE_EXECUTION_PLUGINS = " ./tests/plugins/fixtures/env-plugin.ts ";
  try {
    const order2: string[] = [];
    const handler = durableHandler(order, { client, log: () => {}, plugins: [{ onInvocationStart: () => { order2.push("given"); } }] });
    seen.length = 0;
    const execution = service.adopt(newExecution({ qty: 2 }));
    await handler(lambdaEvent(execution), { awsRequestId: "r1" });
    execution.completeWait("cool-off");
    await handler(lambdaEvent(execution), { awsRequestId: "r2" });
    assert.equal(seen, ["start r1", "end PENDING", "start r2", "end SUCCEEDED"]);
    assert.equal(order2, ["given", "given"]);
  } finally {
    if (previous === undefined) delete process.env.DURABLE_EXECUTION_PLUGINS;
    else process.env.DURABLE_EXECUTION_PLUGINS = previous;
  }
});

handlerSuite("a module named in DURABLE_EXECUTION_PLUGINS that is missing or exports no provider is a PluginLoadError naming it", async () => {
  for (const [specifier, message] of [
    ["durable-gen-no-such-plugin", /DURABLE_EXECUTION_PLUGINS names "durable-gen-no-such-plugin", which cannot be imported .*install it with the function or in a layer under nodejs\/node_modules/],
    ["./tests/plugins/fixtures/not-a-plugin.ts", /module "\.\/tests\/plugins\/fixtures\/not-a-plugin\.ts" does not export durableExecutionPluginProvider/],
  ] as const) {
    await withEnvironmentPlugins([], { DURABLE_EXECUTION_PLUGINS: specifier }).then(
      () => assert.unreachable(`${specifier} should not load`),
      (error: Error) => {
        assert.instance(error, PluginLoadError);
        assert.match(error.message, message);
      },
    );
  }
  const bad = async (provider: unknown) => withEnvironmentPlugins([], { DURABLE_EXECUTION_PLUGINS: "x" }, async () => ({ durableExecutionPluginProvider: provider })).then(() => "loaded", (error: Error) => error.message);
  assert.match(await bad({ pluginApiVersion: 2, createPlugin: () => ({}) }), /pluginApiVersion is 2; this library supports version 1/);
  assert.match(await bad({ pluginApiVersion: 1 }), /createPlugin is not a function/);
  assert.match(await bad({ pluginApiVersion: 1, createPlugin: () => null }), /createPlugin\(\) returned null/);
  assert.match(await bad({ pluginApiVersion: 1, createPlugin: () => { throw new Error("no config"); } }), /createPlugin\(\) threw: no config/);
  assert.equal(await withEnvironmentPlugins(undefined, {}), []);
});

handlerSuite.run();
