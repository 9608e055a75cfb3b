import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseJsonDocuments } from "../../lib/replay/json-documents";

test("a deeply nested invalid JSON file: the error names the line and column where it breaks (the scan that finds it keeps its own stack)", () => {
  const deep = `{"Events": ${"[".repeat(200_000)}1,${"]".repeat(200_000)}}\n`;
  assert.throws(() => parseJsonDocuments(deep, "deep.json"), (error: Error) => /^deep\.json: not valid JSON at line 1, column 200014: /.test(error.message));
  const nested = `{"a":\n  {"b": [true, nul]}}`;
  assert.throws(() => parseJsonDocuments(nested, "n.json"), (error: Error) => /^n\.json: not valid JSON at line 2, column 19: /.test(error.message));
  assert.equal(parseJsonDocuments(`${"[".repeat(5000)}${"]".repeat(5000)}`, "ok.json").length, 1);
});

test.run();
