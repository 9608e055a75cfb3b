// The same plugin object on both libraries: written against the official SDK's DurableInstrumentationPlugin type,
// it is a Plugin here too, and both report the same lifecycle for the same workflow.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { withDurableExecution, type DurableContext, type DurableInstrumentationPlugin } from "@aws/durable-execution-sdk-js";
import { durableHandler, step, workflow, type Plugin } from "../../lib/index";
import { execute } from "../bench/execute";
import { BenchService, type Handler } from "../bench/service";

function officialStylePlugin(events: string[]): DurableInstrumentationPlugin {
  return {
    async onInvocationStart(info) { events.push(`invocation-start first=${info.isFirstInvocation}`); },
    async onOperationStart(info) { if (info.type === "STEP") events.push(`operation-start ${info.name}`); },
    async onOperationAttemptStart(info) { if (info.type === "STEP") events.push(`attempt-start ${info.name} #${info.attempt}`); },
    async onOperationAttemptEnd(info) { if (info.type === "STEP") events.push(`attempt-end ${info.name} ${info.outcome}`); },
    async onOperationEnd(info) { if (info.type === "STEP") events.push(`operation-end ${info.name} ${info.status}`); },
    async onInvocationEnd(info) { events.push(`invocation-end ${info.status}`); },
  };
}

test("a plugin written for the official SDK runs unchanged here, and both libraries report the same lifecycle", async () => {
  const ours: string[] = [];
  const theirs: string[] = [];
  const plugin: Plugin = officialStylePlugin(ours);
  const oursService = new BenchService({ n: 2 });
  const greet = workflow("compat", function* (input: { n: number }) {
    let total = 0;
    for (let i = 0; i < input.n; i++) total += yield* step(`step-${i}`, async () => i);
    return total;
  });
  await execute(oursService, durableHandler(greet, { client: oursService.client, log: () => {}, plugins: [plugin] }) as Handler);
  const officialService = new BenchService({ n: 2 });
  await execute(officialService, withDurableExecution(async (input: { n: number }, context: DurableContext) => {
    let total = 0;
    for (let i = 0; i < input.n; i++) total += await context.step(`step-${i}`, async () => i);
    return total;
  }, { client: officialService.client, plugins: [officialStylePlugin(theirs)] }) as unknown as Handler);
  assert.equal(ours, theirs);
  assert.equal(ours[0], "invocation-start first=true");
  assert.equal(ours.at(-1), "invocation-end SUCCEEDED");
});

test.run();
