import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(import.meta.dirname, "..", "..");
const run = (args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "tests/conformance/main.ts", ...args], { cwd: root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });

test("the conformance runner takes handlers from another module and a requirements directory, and reports each requirement", async () => {
  const { stdout } = await run(["--handlers", "tests/e2e/fixtures/conformance-handlers.ts", "tests/e2e/fixtures/conformance"]);
  assert.match(stdout, /step\/1-1\s+PASS/);
  assert.match(stdout, /^1 passed, 0 failed, 0 skipped$/m);
});

test("a missing directory is reported and skipped", async () => {
  const { stdout } = await run(["tests/e2e/fixtures/no-such-requirements"]);
  assert.match(stdout, /does not exist; nothing to run \(SKIP\)/);
});

test.run();
