// Headless Chromium (Debian's `chromium`) for tests that render a page: no sandbox (CI runs as root), no network.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CANDIDATES = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Whether Chromium is there: tests that need it are skipped (and npm test's closing lines say so) when it is not. */
export function chromiumInstalled(): boolean {
  return CANDIDATES.some((path) => path !== undefined && existsSync(path));
}

/** The Chromium executable; the setup step of npm test (tests/setup.mjs) installs Debian's package when it is missing. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((path): path is string => path !== undefined && existsSync(path));
  if (found === undefined) throw new Error("headless Chromium is not installed: apt-get install -y chromium (npm test installs it when it runs as root or with CI=true), or set CHROMIUM to its path");
  return found;
}

/** Runs Chromium headless on a local file with every network request refused; returns its stdout. */
export function chromium(args: readonly string[], url: string): string {
  const profile = mkdtempSync(join(tmpdir(), "durable-chromium-"));
  try {
    const result = spawnSync(chromiumPath(), [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
      "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", `--user-data-dir=${profile}`, ...args, url,
    ], { encoding: "utf8", timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error !== undefined) throw new Error(`chromium did not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`chromium exited with ${result.status}: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
