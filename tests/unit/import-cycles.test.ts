import { test } from "uvu";
import * as assert from "uvu/assert";
import { fileURLToPath } from "node:url";
import { importCycles, importGraph } from "../support/import-graph";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("no import cycle in dsl/, interpreter/ or lib/ (type-only imports included)", () => {
  const graph = importGraph(root, ["dsl", "interpreter", "lib"]);
  assert.ok(graph.size > 50, `found only ${graph.size} modules`);
  const cycles = importCycles(graph);
  assert.equal(cycles.map((cycle) => cycle.join(" -> ")), []);
});

test("the cycle finder finds a cycle of three modules and one of a module with itself", () => {
  const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["d"]], ["e", ["a"]]]);
  assert.equal(importCycles(graph), [["a", "b", "c"], ["d"]]);
});

test.run();
