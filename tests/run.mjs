// The test command: the setup step (tests/setup.mjs: Chromium, Firefox ESR, Node 22), type check, the uvu suites on this
// machine's Node and on Node 22 (Lambda's runtime), AWS's conformance requirements, then the closing lines: what
// was skipped and why, if anything, and "N passed, N failed[, N skipped]" (uvu's totals). Exits non-zero when anything failed
// or when no test ran.
import { spawnSync } from "node:child_process";
import { setUp } from "./setup.mjs";

const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const uvu = ["--import", "tsx", "node_modules/uvu/bin.js", "tests", "\\.test\\.ts$", "--color", "false"];
const allRuns = [
  { label: `tsc --noEmit`, command: "npx", args: ["tsc", "--noEmit"], counts: false },
  { label: `uvu on Node ${process.versions.node}`, command: process.execPath, args: uvu, counts: true },
  { label: "uvu on Node 22", command: "npx", args: ["-y", "node@22", ...uvu], counts: true },
  { label: "conformance requirements (fails on a non-optional failure)", command: process.execPath, args: ["--import", "tsx", "tests/conformance/main.ts"], counts: false },
];

const setup = setUp();
const runs = allRuns.filter((run) => run.label !== "uvu on Node 22" || setup.node22);

let passed = 0;
let failed = 0;
let failedSteps = 0;
const skippedTests = [];
let skippedCount = 0;
for (const run of runs) {
  console.log(`\n=== ${run.label}`);
  const result = spawnSync(run.command, run.args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stdout.write(output);
  if (result.status !== 0) failedSteps++;
  if (!run.counts) continue;
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? 0);
  // uvu's Total leaves out skipped tests.
  const skipped = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
  if (total === 0) {
    console.log(`${run.label}: no test ran`);
    failedSteps++;
  }
  passed += ok;
  failed += total - ok;
  skippedCount += skipped;
  if (skipped > 0) skippedTests.push(`${skipped} test${skipped > 1 ? "s" : ""} in ${run.label}`);
}
for (const what of setup.skipped) console.log(`skipped: ${what}`);
for (const what of skippedTests) console.log(`skipped: ${what}`);
console.log(`${passed} passed, ${failed} failed${skippedCount > 0 ? `, ${skippedCount} skipped` : ""}`);
process.exit(failed > 0 || failedSteps > 0 || passed === 0 ? 1 : 0);
