import { test } from "uvu";
import * as assert from "uvu/assert";
import { patched, retry, step, wait, waitForCallback, waitForCondition, waitStrategy, workflow, child } from "../../../dsl/index";
import { runLocal } from "../../../lib/local/run-local";
import { historyDocument, readHistory } from "../../../lib/replay/index";
import { htmlTimeline } from "../../../lib/timeline/html";
import { buildTimeline, type RecordedEvent } from "../../../lib/timeline/model";
import { terminalTimeline } from "../../../lib/timeline/terminal";

const flaky = workflow("flaky", function* () {
  yield* step("first", () => 1);
  yield* step("charge", (s) => {
    if (s.attempt < 3) throw new Error(`gateway timeout ${s.attempt}`);
    return "ok";
  }, { semantics: "at-most-once", retry: retry({ maxAttempts: 3, initialDelay: 2, jitter: "none" }) });
  yield* child("ship", function* () {
    yield* wait("cool-off", { minutes: 30 });
    return yield* waitForCallback<string>("approval", () => undefined, { timeout: { hours: 1 } });
  });
  return yield* waitForCondition("poll", (n: number) => n + 1, { initialState: 0, wait: waitStrategy({ until: (n: number) => n >= 3, initialDelay: 5, jitter: "none" }) });
});

async function flakyRun() {
  return runLocal(flaky, undefined, { callbacks: { approval: { succeed: "yes", after: { minutes: 1 } } } });
}

test("every operation is a row, nested under its context, in the order it started", async () => {
  const run = await flakyRun();
  const timeline = buildTimeline(run.events, "flaky");
  assert.equal(timeline.rows.map((row) => `${"  ".repeat(row.depth)}${row.label} ${row.kind} ${row.status}`), [
    "first Step SUCCEEDED",
    "charge Step SUCCEEDED",
    "ship Context SUCCEEDED",
    "  cool-off Wait SUCCEEDED",
    "  approval Context SUCCEEDED",
    "    approval (callback) Callback SUCCEEDED",
    "    approval (submit) Step SUCCEEDED",
    "poll Step SUCCEEDED",
  ]);
  const ids = new Set(run.events.filter((event) => event.Id !== undefined && !event.EventType.startsWith("Execution")).map((event) => event.Id));
  assert.is(timeline.rows.length, ids.size);
  assert.is(timeline.executionStatus, "SUCCEEDED");
  assert.is(timeline.invocations.length, run.invocations.length);
});

test("a retried step shows each attempt and the delays between them; a condition each poll", async () => {
  const timeline = buildTimeline((await flakyRun()).events, "flaky");
  const charge = timeline.rows.find((row) => row.label === "charge")!;
  assert.is(charge.attempts, 3);
  assert.equal(charge.spans.map((span) => `${span.phase} ${span.outcome ?? span.note}`), ["run failed", "wait retry in 2s", "run failed", "wait retry in 4s", "run succeeded"]);
  assert.match(charge.spans[0]!.note!, /^attempt 1: .*gateway timeout 1$/);
  assert.match(charge.spans[2]!.note!, /^attempt 2: .*gateway timeout 2$/);
  assert.is(charge.spans[4]!.note, 'attempt 3: "ok"');
  for (let index = 1; index < charge.spans.length; index++) assert.ok(charge.spans[index]!.from >= charge.spans[index - 1]!.to, "spans follow each other");
  const poll = timeline.rows.find((row) => row.label === "poll")!;
  assert.is(poll.attempts, 3);
  assert.equal(poll.spans.map((span) => `${span.phase} ${span.outcome ?? ""}`), ["run polled", "wait ", "run polled", "wait ", "run succeeded"]);
});

test("failed operations are marked; the axis grows with time but keeps every event apart", async () => {
  const failing = workflow("failing", function* () {
    yield* step("ok", () => 1);
    yield* wait("long", { hours: 2 });
    yield* step("short", () => 2);
    yield* step("boom", () => { throw new TypeError("kaboom"); }, { retry: retry({ maxAttempts: 1 }) });
  });
  const run = await runLocal(failing, undefined);
  const timeline = buildTimeline(run.events, "failing");
  assert.is(timeline.executionStatus, "FAILED");
  assert.match(timeline.error ?? "", /TypeError: kaboom/);
  assert.equal(timeline.rows.filter((row) => row.failed).map((row) => row.label), ["boom"]);
  assert.match(timeline.rows.find((row) => row.label === "boom")!.detail ?? "", /kaboom/);
  for (let slot = 1; slot < timeline.slots.length; slot++) assert.ok(timeline.slots[slot]! >= timeline.slots[slot - 1]! + 1, "each event has a slot of its own");
  const long = timeline.rows.find((row) => row.label === "long")!;
  const ok = timeline.rows.find((row) => row.label === "ok")!;
  assert.ok(timeline.slots[long.to]! - timeline.slots[long.from]! > 3 * (timeline.slots[ok.to]! - timeline.slots[ok.from]!), "a 2-hour wait is drawn longer than a step");
});

test("a history cut short: operations still running reach its end, the execution is RUNNING; a crashed invocation keeps its error", async () => {
  const events = (await flakyRun()).events;
  const cut = events.slice(0, events.findIndex((event) => event.EventType === "CallbackStarted") + 1);
  const timeline = buildTimeline(cut, "cut");
  assert.is(timeline.executionStatus, "RUNNING");
  const running = timeline.rows.filter((row) => row.status === "STARTED");
  assert.equal(running.map((row) => row.label), ["ship", "approval", "approval (callback)"]);
  for (const row of running) assert.equal([row.to, row.endedAt, row.spans.at(-1)?.note], [cut.length - 1, undefined, "still running"]);
  const crashed = buildTimeline([
    { EventType: "ExecutionStarted", EventTimestamp: 100 },
    { EventType: "StepStarted", EventTimestamp: 100, Id: "a", Name: "work", SubType: "Step" },
    { EventType: "InvocationCompleted", EventTimestamp: 101, InvocationCompletedDetails: { StartTimestamp: 100, EndTimestamp: 101, Error: { Payload: { ErrorType: "Runtime.ExitError", ErrorMessage: "exit 1" } } } },
  ], "crash");
  assert.equal(crashed.invocations.map((band) => [band.from, band.to, band.error]), [[0, 2, "Runtime.ExitError: exit 1"]]);
});

test("the terminal view: a header with the invocations, a line per operation with its bar and outcome", async () => {
  const lines = terminalTimeline(buildTimeline((await flakyRun()).events, "flaky"), 40);
  assert.match(lines[0]!, /^invocations\s+1\s+2/);
  const charge = lines.find((line) => line.startsWith("charge"))!;
  assert.match(charge, /█+░+█+░+█+\s+ok \(3 attempts\)$/);
  assert.match(lines.find((line) => line.startsWith("  cool-off"))!, /░+\s+wait ok$/);
  assert.match(lines.find((line) => line.startsWith("poll"))!, /waitForCondition ok \(3 polls\)$/);
  assert.is(lines.length, 9);
});

test("history files: what get-durable-execution-history prints, epoch seconds or ISO timestamps; clear errors", async () => {
  const run = await flakyRun();
  const saved = JSON.parse(JSON.stringify(historyDocument({ executionArn: run.executionArn, events: run.events })));
  const parsed = readHistory(saved, "flaky.json").events as unknown as RecordedEvent[];
  assert.is(parsed.length, run.events.length);
  assert.equal(buildTimeline(parsed, "flaky.json").rows, buildTimeline(run.events, "flaky").rows);
  const epoch = parsed.map((event) => ({ ...event, EventTimestamp: new Date(event.EventTimestamp as string).getTime() / 1000 })) as RecordedEvent[];
  assert.equal(buildTimeline(epoch, "epoch").slots, buildTimeline(run.events, "flaky").slots);
  const millis = parsed.map((event) => ({ ...event, EventTimestamp: new Date(event.EventTimestamp as string).getTime() })) as RecordedEvent[];
  assert.equal(buildTimeline(millis, "millis").slots, buildTimeline(run.events, "flaky").slots, "epoch milliseconds read as the history loader reads them");
  assert.throws(() => buildTimeline([{ EventType: "StepStarted", EventTimestamp: "yesterday" }], "d.json"), /d\.json: event 0 \(StepStarted\): EventTimestamp "yesterday" is not a date/);
  assert.throws(() => buildTimeline([], "e.json"), /e\.json: the history has no events/);
});

test("the HTML page: a bar per operation, failed rows marked, names escaped, nothing fetched and no script", async () => {
  const evil = workflow("evil", function* () {
    yield* step("<img src=x onerror=alert(1)>", () => 1);
    yield* step("fails", () => { throw new Error("no"); }, { retry: retry({ maxAttempts: 1 }) });
  });
  const run = await runLocal(evil, undefined);
  const page = htmlTimeline(buildTimeline(run.events, "evil"), { title: "evil & <co>" });
  assert.is((page.match(/<rect class="bar"/g) ?? []).length, 2);
  assert.ok(page.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.not.ok(page.includes("<img"));
  assert.ok(page.includes("<h1>evil &amp; &lt;co&gt;</h1>"));
  assert.match(page, /<g class="row failed[^"]*" data-op-id="[0-9a-f]+" data-op-name="fails"/);
  const plain = htmlTimeline(buildTimeline((await flakyRun()).events, "flaky"), { title: "flaky" });
  assert.not.match(plain, /<script|\s(src|href)=|@import|url\((?!#)/);
});

test("a patch marker is a point in the timeline, not a step running until the end", async () => {
  const wf = workflow("patched", function* () {
    if (yield* patched("charge-v2")) yield* step("charge", () => "v2");
    yield* wait("later", 60);
    return "done";
  });
  const run = await runLocal(wf, undefined);
  const timeline = buildTimeline(run.events, "patched");
  const marker = timeline.rows.find((row) => row.subType === "Patch")!;
  assert.is(marker.label.includes("charge-v2"), true);
  assert.equal(marker.spans, []);
  assert.is(marker.endedAt, marker.startedAt);
  assert.match(terminalTimeline(timeline).join("\n"), /charge-v2.*marked/);
});

test.run();
