import { test } from "uvu";
import * as assert from "uvu/assert";
import { HistorySnapshot } from "../../../interpreter/snapshot";
import type { Operation } from "../../../interpreter/wire";

const op = (id: string, status: Operation["Status"], parent?: string): Operation =>
  parent === undefined ? { Id: id, Type: "STEP", Status: status } : { Id: id, Type: "STEP", Status: status, ParentId: parent };

test("a snapshot is immutable: merging gives a new snapshot and leaves the old one as it was", () => {
  const first = HistorySnapshot.of([{ Id: "e", Type: "EXECUTION", Status: "STARTED" }, op("a", "STARTED")]);
  const second = first.withChanges([op("a", "SUCCEEDED"), op("b", "STARTED")]);
  assert.is(first.get("a")!.Status, "STARTED");
  assert.is(first.get("b"), undefined);
  assert.is(second.get("a")!.Status, "SUCCEEDED");
  assert.is(second.get("b")!.Status, "STARTED");
  assert.throws(() => (second.get("a") as { Status: string }).Status = "FAILED");
  assert.is(second.execution()!.Id, "e");
});

test("many merges keep the newest version of every operation, in few layers", () => {
  let snapshot = HistorySnapshot.of([]);
  for (let i = 0; i < 1000; i++) snapshot = snapshot.withChanges([op(`s${i}`, "STARTED"), op(`s${Math.floor(i / 2)}`, "SUCCEEDED")]);
  for (let i = 0; i < 1000; i++) assert.is(snapshot.get(`s${i}`)!.Status, i < 500 ? "SUCCEEDED" : "STARTED", `s${i}`);
  assert.ok((snapshot as unknown as { layers: unknown[] }).layers.length <= 11);
});

test("recorded descendants of a context are counted at every depth", () => {
  const snapshot = HistorySnapshot.of([op("c", "SUCCEEDED"), op("c1", "SUCCEEDED", "c"), op("c2", "SUCCEEDED", "c"), op("c21", "SUCCEEDED", "c2"), op("x", "SUCCEEDED")]);
  assert.is(snapshot.recordedDescendants("c"), 3);
  assert.is(snapshot.recordedDescendants("x"), 0);
  assert.is(snapshot.recordedWorkflowOperations, 5);
});

test.run();
