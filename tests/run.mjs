// The test command: type check, the uvu suites on this machine's Node and on Node 22 (Lambda's runtime), AWS's
// conformance requirements, then one closing line "N passed, N failed" (uvu's totals). Exits non-zero when anything failed or when no test ran.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const uvu = ["--import", "tsx", "node_modules/uvu/bin.js", "tests", "\\.test\\.ts$", "--color", "false"];
const runs = [
  { label: `tsc --noEmit`, command: "npx", args: ["tsc", "--noEmit"], counts: false },
  { label: `uvu on Node ${process.versions.node}`, command: process.execPath, args: uvu, counts: true },
  { label: "uvu on Node 22", command: "npx", args: ["-y", "node@22", ...uvu], counts: true },
  { label: "conformance requirements (fails on a non-optional failure)", command: process.execPath, args: ["--import", "tsx", "tests/conformance/main.ts"], counts: false },
];

ensurePackage("chromium", ["/usr/bin/chromium", "/usr/bin/chromium-browser", process.env.CHROMIUM], "the timeline test will fail");
ensurePackage("firefox-esr", ["/usr/bin/firefox-esr", process.env.FIREFOX], "the Firefox UI test is skipped");

/**
 * The timeline and UI tests render pages in headless Chromium and Firefox ESR (Debian's packages). On a fresh machine
 * (CI=true) or when this runs as root, install a missing one through apt-get; otherwise say how, and what happens.
 */
function ensurePackage(name, paths, without) {
  const installed = paths.some((path) => path && existsSync(path));
  if (installed) return;
  const root = process.getuid?.() === 0;
  if (!root && process.env.CI !== "true") {
    console.log(`${name} is not installed and this is not root: ${without} (sudo apt-get install -y ${name})`);
    return;
  }
  const sudo = root ? [] : ["sudo", "-n"];
  const apt = (...args) => {
    const [command, ...rest] = [...sudo, "apt-get", ...args];
    return spawnSync(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };
  console.log(`=== installing ${name} (apt-get)`);
  let result = apt("install", "-y", "--no-install-recommends", name);
  if (result.status !== 0) {
    apt("update");
    result = apt("install", "-y", "--no-install-recommends", name);
  }
  if (result.status !== 0) console.log(`could not install ${name} (apt-get exited with ${result.status ?? result.error?.message}): ${without}\n${(result.stderr ?? "").trim().split("\n").slice(-5).join("\n")}`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
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
  // uvu's Total leaves out skipped tests.
  skipped += Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
  if (total === 0) {
    console.log(`${run.label}: no test ran`);
    failedSteps++;
  }
  passed += ok;
  failed += total - ok;
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || failedSteps > 0 || passed === 0 ? 1 : 0);
