import { test } from "uvu";
import * as assert from "uvu/assert";
import { step, wait, workflow } from "../../lib/index";
import { SkippingClock } from "../../lib/local/clock";
import { Journal } from "../../lib/local/journal";
import { LocalService } from "../../lib/local/service";
import { tempDir } from "../support/temp-dir";

const quick = workflow("quick", function* (input: { n: number }) {
  const doubled = yield* step("double", () => input.n * 2);
  yield* wait("pause", 60);
  return doubled;
});

const serviceOn = (dir: string) => {
  const service = new LocalService({ journal: new Journal(dir), clock: new SkippingClock(), compactEvery: 10 });
  service.register("quick", quick);
  return service;
};

test("finished executions leave memory and the journal: archived, folded into one record each, readable through get, summaries and history, after a restart too, and their names still idempotency keys", async () => {
  const dir = tempDir("durable-compact-");
  const service = serviceOn(dir);
  const arns: string[] = [];
  for (let n = 0; n < 35; n++) arns.push(service.start("quick", { n }, `q-${n}`).executionArn);
  const histories = new Map<string, string[]>();
  for (const arn of arns) {
    const done = await service.result(arn);
    assert.is(done.status, "SUCCEEDED");
    histories.set(arn, done.history.events.map((event) => `${event.EventId} ${event.EventType} ${event.EventTimestamp.toISOString()}`));
  }
  const running = service.start("quick", { n: 99 }, "still-running");
  assert.is.not(service.get(arns[0]!), service.get(arns[0]!), "a finished execution is read back from its archive, not kept");
  service.close();
  const records = new Journal(dir).read();
  assert.is(records.filter((change) => change.type === "archived").length, 30, "three compactions folded 30 executions into a record each");
  assert.ok(records.filter((change) => change.type !== "archived").every((change) => !arns.slice(0, 30).includes(change.arn)), "none of their other records remain");

  const again = serviceOn(dir);
  again.load();
  assert.equal(new Journal(dir).read().map((change) => change.type).filter((type) => type !== "archived"), new Journal(dir).read().filter((change) => change.arn === running.executionArn).map((change) => change.type), "the restart folded the rest: only the running execution keeps its records");
  assert.is(again.summaries("quick").length, 36);
  for (const arn of arns) {
    const execution = again.get(arn);
    assert.is(execution.status, "SUCCEEDED");
    assert.equal(execution.history.events.map((event) => `${event.EventId} ${event.EventType} ${event.EventTimestamp.toISOString()}`), histories.get(arn));
  }
  assert.is(again.start("quick", { n: 3 }, "q-3").executionArn, arns[3], "the same name and input: the archived execution");
  assert.throws(() => again.start("quick", { n: 4 }, "q-3"), (error: Error) => error.name === "DurableExecutionAlreadyStartedException");
  assert.is(again.resume(), 1);
  assert.is((await again.result(running.executionArn)).result, "198");
  again.close();
});

test("a journal of many finished executions, never compacted, loaded with a low compaction threshold: compacted once, at the end, keeping the executions that come after the finished ones", async () => {
  const dir = tempDir("durable-compact-late-");
  const first = new LocalService({ journal: new Journal(dir), clock: new SkippingClock(), compactEvery: 1_000_000 });
  first.register("quick", quick);
  for (let n = 0; n < 25; n++) await first.result(first.start("quick", { n }, `early-${n}`).executionArn);
  const late = first.start("quick", { n: 7 }, "late");
  first.close();
  const second = serviceOn(dir);
  second.load();
  second.close();
  const third = serviceOn(dir);
  third.load();
  assert.is(third.summaries("quick").length, 26, "every execution survived the compaction at load");
  assert.is(third.get(late.executionArn).status, "RUNNING");
  assert.is(third.resume(), 1);
  assert.is((await third.result(late.executionArn)).result, "14");
  third.close();
});

test.run();
