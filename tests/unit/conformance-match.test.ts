import { test } from "uvu";
import * as assert from "uvu/assert";
import { matchHistory, matchValue } from "../conformance/match";
import { pythonJsonDumps } from "../conformance/python-json";

test("objects match as subsets, but every expected key must exist, even for '*' and {}", () => {
  const bindings = new Map<string, unknown>();
  assert.is(matchValue({ a: 1 }, { a: 1, b: 2 }, "", bindings), undefined);
  assert.equal(matchValue({ a: "*" }, { b: 2 }, "", bindings)?.path, ".a");
  assert.equal(matchValue({ d: {} }, { d: 5 }, "", bindings)?.path, ".d");
  assert.is(matchValue({ d: {} }, { d: { anything: true } }, "", bindings), undefined);
  assert.is(matchValue(1, 1.0, "", bindings), undefined);
  assert.ok(matchValue([1, 2], [1, 2, 3], "", bindings), "lists need equal length");
});

test("${X} binds on first sight and must be equal after; ${/re/} searches", () => {
  const bindings = new Map<string, unknown>();
  assert.is(matchValue({ Id: "${ID1}" }, { Id: "abc" }, "", bindings), undefined);
  assert.is(bindings.get("ID1"), "abc");
  assert.ok(matchValue({ Id: "${ID1}" }, { Id: "other" }, "", bindings));
  assert.is(matchValue("${/^[0-5]$/}", 3, "", bindings), undefined);
  assert.ok(matchValue("${/^[0-5]$/}", 7, "", bindings));
  assert.is(matchValue("${/TransientError$/}", "my.TransientError", "", bindings), undefined);
});

test("events match by EventId, not position", () => {
  const actual = [{ EventId: 1, EventType: "ExecutionStarted" }, { EventId: 2, EventType: "StepStarted" }];
  assert.is(matchHistory([{ EventId: 2, EventType: "StepStarted" }], actual, new Map()), undefined);
  assert.match(String(matchHistory([{ EventId: 3, EventType: "StepSucceeded" }], actual, new Map())?.actual), /no event #3/);
});

test("callback payloads are sent as Python's json.dumps writes them", () => {
  assert.is(pythonJsonDumps({ a: 1, b: [true, null, "x"] }), '{"a": 1, "b": [true, null, "x"]}');
  assert.is(pythonJsonDumps("héllo"), '"h\\u00e9llo"');
  assert.is(pythonJsonDumps(2.5), "2.5");
});

test.run();
