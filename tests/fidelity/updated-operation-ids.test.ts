// UpdatedOperationIds: the service says in each invocation's event which operations changed from outside since the
// invocation before; our handler reads the field (and works without it), and the progress view shows it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { step, wait, workflow } from "../../dsl/index";
import { durableHandler } from "../../lib/handler";
import { SkippingClock } from "../../lib/local/clock";
import { progressView } from "../../lib/local/progress";
import { httpService, newExecution } from "../support/harness";

const napping = workflow("napping", function* () {
  const first = yield* step("first", () => 1);
  yield* wait("nap", { seconds: 30 });
  return first + (yield* step("second", () => 2));
});

async function served() {
  const local = await httpService({ clock: new SkippingClock() });
  const client = new LambdaClient({ endpoint: local.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  return { ...local, client, stop: async () => { client.destroy(); await local.close(); } };
}

test("each invocation's event lists the operations changed from outside since the invocation before", async () => {
  const local = await served();
  try {
    const seen: unknown[] = [];
    const handler = durableHandler(napping, { client: local.client });
    local.service.register("napping", { kind: "handler", durable: true, handler: (event) => {
      seen.push((event as { UpdatedOperationIds?: unknown }).UpdatedOperationIds);
      return handler(event);
    } });
    const lines: string[] = [];
    local.service.onEvent(progressView((line) => lines.push(line)));
    const done = await local.service.result(local.service.start("napping", {}).executionArn);
    assert.is(done.status, "SUCCEEDED");
    assert.equal(seen, [[], [done.byName("nap").Id]]);
    assert.ok(lines.some((line) => line.endsWith("-- invocation 2 (for nap) ended")), lines.join("\n"));
  } finally {
    await local.stop();
  }
});

test("our handler works with UpdatedOperationIds and without it, and names the field when it is malformed", async () => {
  const local = await served();
  try {
    const handler = durableHandler(napping, { client: local.client });
    local.service.register("without", { kind: "handler", durable: true, handler: (event) => {
      const { UpdatedOperationIds: _dropped, ...older } = event as Record<string, unknown>;
      return handler(older);
    } });
    local.service.register("with", { kind: "handler", durable: true, handler: (event) => handler(event) });
    for (const name of ["with", "without"]) {
      const done = await local.service.result(local.service.start(name, {}).executionArn);
      assert.is(done.status, "SUCCEEDED", name);
      assert.is(done.result, "3", name);
    }
    const event = { ...newExecution({}).event(), UpdatedOperationIds: ["", 7] };
    const refused = await handler(event).then(() => undefined, (error: Error) => error);
    assert.is(refused?.name, "InvalidEventError");
    assert.is(refused?.message, 'the event\'s UpdatedOperationIds[0] must be a non-empty string, got ""');
  } finally {
    await local.stop();
  }
});

test.run();
