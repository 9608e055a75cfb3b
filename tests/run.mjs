// The test command: type check, the uvu suites on this machine's Node and on Node 22 (Lambda's runtime), AWS's
// conformance requirements, then one closing line "N passed, N failed" (uvu's totals). Exits non-zero when anything failed or when no test ran.
import { spawnSync } from "node:child_process";

const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const uvu = ["--import", "tsx", "node_modules/uvu/bin.js", "tests", "\\.test\\.ts$", "--color", "false"];
const runs = [
  { label: `tsc --noEmit`, command: "npx", args: ["tsc", "--noEmit"], counts: false },
  { label: `uvu on Node ${process.versions.node}`, command: process.execPath, args: uvu, counts: true },
  { label: "uvu on Node 22", command: "npx", args: ["-y", "node@22", ...uvu], counts: true },
  { label: "conformance requirements (fails on a non-optional failure)", command: process.execPath, args: ["--import", "tsx", "tests/conformance/main.ts"], counts: false },
];

let passed = 0;
let failed = 0;
let failedSteps = 0;
for (const run of runs) {
  console.log(`\n=== ${run.label}`);
  const result = spawnSync(run.command, run.args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stdout.write(output);
  if (result.status !== 0) failedSteps++;
  if (!run.counts) continue;
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
  if (total === 0) {
    console.log(`${run.label}: no test ran`);
    failedSteps++;
  }
  passed += ok;
  failed += total - ok - skipped;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps > 0 || passed === 0 ? 1 : 0);
