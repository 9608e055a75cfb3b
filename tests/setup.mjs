// The test suite's setup step, run first by `npm test` (tests/run.mjs): fetches what the suite needs beyond
// `npm ci` and prints each thing it installs. What it cannot install (not root, offline) is returned as skipped,
// and npm test names it in its closing lines, so a green run never hides a skipped suite.
//   - Chromium and Firefox ESR (Debian's packages, through apt-get, as root or with CI=true): the timeline and web UI
//     tests draw pages with them.
//   - Node 22 (the npm package node@22, through npx): the suite runs again on Lambda's runtime.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PACKAGES = [
  { name: "chromium", paths: ["/usr/bin/chromium", "/usr/bin/chromium-browser", process.env.CHROMIUM], tests: "the Chromium tests (tests/e2e/timeline.test.ts, tests/ui)" },
  { name: "firefox-esr", paths: ["/usr/bin/firefox-esr", process.env.FIREFOX], tests: "the Firefox UI test (tests/ui)" },
];

/** @returns {{ node22: boolean, skipped: string[] }} */
export function setUp() {
  const skipped = [];
  for (const { name, paths, tests } of PACKAGES) {
    const missing = ensurePackage(name, paths);
    if (missing !== undefined) skipped.push(`${tests}: ${missing}`);
  }
  const node22 = ensureNode22();
  if (node22 !== undefined) skipped.push(`the uvu suites on Node 22: ${node22}`);
  return { node22: node22 === undefined, skipped };
}

/** Undefined when Debian's package `name` is there (installed now or before); else why not. */
function ensurePackage(name, paths) {
  if (paths.some((path) => path && existsSync(path))) return undefined;
  const root = process.getuid?.() === 0;
  if (!root && process.env.CI !== "true") return `${name} is not installed and this is not root (sudo apt-get install -y ${name})`;
  const sudo = root ? [] : ["sudo", "-n"];
  const apt = (...args) => {
    const [command, ...rest] = [...sudo, "apt-get", ...args];
    return spawnSync(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };
  console.log(`=== setup: installing ${name} (apt-get install -y --no-install-recommends ${name})`);
  let result = apt("install", "-y", "--no-install-recommends", name);
  if (result.status !== 0) {
    console.log(`=== setup: apt-get update, then ${name} again`);
    apt("update");
    result = apt("install", "-y", "--no-install-recommends", name);
  }
  if (result.status === 0) return undefined;
  const reason = (result.stderr ?? "").trim().split("\n").at(-1) ?? "";
  return `apt-get could not install ${name} (exit ${result.status ?? result.error?.message}${reason ? `: ${reason}` : ""})`;
}

/** Undefined when `npx -y node@22` runs (fetched now or from npm's cache); else why not. */
function ensureNode22() {
  console.log("=== setup: Node 22 (npx -y node@22, fetched from the npm registry unless cached)");
  const result = spawnSync("npx", ["-y", "node@22", "--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  const version = (result.stdout ?? "").trim();
  if (result.status === 0 && /^v22\./.test(version)) {
    console.log(`=== setup: Node ${version}`);
    return undefined;
  }
  const reason = (result.stderr ?? "").trim().split("\n").at(-1) ?? result.error?.message ?? "";
  return `npx -y node@22 did not run (exit ${result.status}${reason ? `: ${reason}` : ""})`;
}
