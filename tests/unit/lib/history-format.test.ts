import { test } from "uvu";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { step, workflow } from "../../../dsl/index";
import { HistoryFormatError, historyDocument, loadHistory, readHistory, replay } from "../../../lib/replay/index";
import { runLocal } from "../../../lib/local/run-local";
import { throwsError } from "../../support/throws";
import { tempDir } from "../../support/temp-dir";

const dir = tempDir("durable-history-");
let files = 0;

function file(text: string): string {
  const path = join(dir, `history-${++files}.json`);
  writeFileSync(path, text);
  return path;
}

const two = workflow("two", function* (input: { n: number }) {
  const a = yield* step("a", () => input.n);
  return yield* step("b", () => a + 1);
});

async function events(): Promise<Record<string, unknown>[]> {
  const run = await runLocal(two, { n: 1 });
  return (JSON.parse(JSON.stringify(historyDocument(run))) as { Events: Record<string, unknown>[] }).Events;
}

const throws = (action: () => unknown, pattern: RegExp) => throwsError(HistoryFormatError, action, pattern);

test("pages of get-durable-execution-history written one after the other read as one history", async () => {
  const all = await events();
  const path = file(`${JSON.stringify({ Events: all.slice(0, 3), NextMarker: "3" }, null, 2)}\n${JSON.stringify({ Events: all.slice(3) })}\n`);
  const history = loadHistory(path);
  assert.is(history.format, "events");
  assert.is(history.events?.length, all.length);
  assert.is(history.inputPayload, '{"n":1}');
  const report = await replay(two, path);
  assert.is(report.result, 2);
  const asArray = readHistory([{ Events: all.slice(0, 2) }, { Events: all.slice(2) }]);
  assert.is(asArray.operations.length, history.operations.length);
});

test("the recorded input is used unless the test gives one", async () => {
  const all = await events();
  assert.is((await replay(two, { Events: all })).result, 2);
  assert.is((await replay(two, { Events: all }, { input: { n: 1 } })).result, 2);
});

test("a truncated file names the file and the line it ends on", () => {
  const path = file('{ "Events": [ { "EventType": "ExecutionStarted",\n  "EventId": 1');
  throws(() => loadHistory(path), new RegExp(`${path.replace(/[.]/g, "\\.")}: the JSON ends at line 2, column 15 inside an unclosed object or array; the file looks truncated`));
});

test("corrupt JSON names the line and column; an empty file and a missing file say so", () => {
  throws(() => loadHistory(file('{ "Events": [\n  { "EventType": nope }\n] }')), /: not valid JSON at line 2, column 19/);
  throws(() => loadHistory(file("  \n")), /: the file is empty; expected a JSON history/);
  throws(() => loadHistory(join(dir, "missing.json")), /missing\.json: cannot read the history file \(ENOENT\)/);
});

test("an unknown event type names the event's index and the types it could be", async () => {
  const all = await events();
  all[2] = { ...all[2], EventType: "StepExploded" };
  throws(() => readHistory({ Events: all }, "h.json"), /^h\.json: event 2: unknown EventType "StepExploded"; expected InvocationCompleted or one of ExecutionStarted, /);
});

test("malformed event fields name the event, its id and the field", async () => {
  const all = await events();
  const index = all.findIndex((event) => event.EventType === "StepSucceeded");
  const bad = all.map((event, i) => (i === index ? { ...event, StepSucceededDetails: { Result: { Payload: 42 } } } : event));
  throws(() => readHistory({ Events: bad }, "h.json"), new RegExp(`h\\.json: event ${index} \\(StepSucceeded, EventId ${index + 1}\\): Result\\.Payload is the number 42|Result\\.Payload is 42`));
  const noId = all.map((event, i) => (i === index ? { ...event, Id: undefined } : event));
  throws(() => readHistory({ Events: noId }, "h.json"), /event \d+ \(StepSucceeded, EventId \d+\): Id is missing; expected a non-empty string/);
  const badTime = all.map((event, i) => (i === index ? { ...event, EventTimestamp: "yesterday" } : event));
  throws(() => readHistory({ Events: badTime }, "h.json"), /EventTimestamp is .*yesterday.*; expected epoch seconds or an ISO 8601 date/);
  throws(() => readHistory({ Events: [...all, "text"] }, "h.json"), new RegExp(`event ${all.length}: expected an event object`));
});

test("operation state with unknown types or statuses, or a duplicated id, names the operation and the field", () => {
  throws(() => readHistory([{ Id: "a", Type: "STEP", Status: "DONE" }], "s.json"), /^s\.json: Operations\[0\]\.Status is .*DONE.*; expected one of STARTED, /);
  throws(() => readHistory({ Operations: [{ Id: "a", Type: "TIMER", Status: "STARTED" }] }, "s.json"), /s\.json: Operations\[0\]\.Type is .*TIMER/);
  throws(() => readHistory([{ Id: "a", Type: "STEP", Status: "STARTED" }, { Id: "a", Type: "STEP", Status: "SUCCEEDED" }], "s.json"), /Operations\[1\]\.Id "a" appears twice/);
  throws(() => readHistory({ DurableExecutionArn: "arn", CheckpointToken: "t", InitialExecutionState: { Operations: [], NextMarker: "1000" } }, "e.json"), /more operations than it carries \(NextMarker "1000"\)/);
});

test("something that is not a history at all says what a history looks like", () => {
  throws(() => readHistory({ hello: "world" }, "x.json"), /x\.json: not a history: expected Events \(GetDurableExecutionHistory\), Operations .* the object has hello/);
  throws(() => readHistory(42, "x.json"), /x\.json: expected a history \(an object or an array\), got the number 42|got 42/);
  throws(() => readHistory([1, 2], "x.json"), /at index 0 is neither an operation/);
});

test.run();
