// Headless Firefox ESR (Debian's `firefox-esr`, nothing downloaded) driven over WebDriver BiDi, its own protocol on
// a loopback websocket: playwright's Firefox is a patched build of its own, and Debian packages no geckodriver.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectWebSocket, type TextSocket } from "./websocket-client";

const CANDIDATES = process.env.FIREFOX === undefined ? ["/usr/bin/firefox-esr", "/usr/lib/firefox-esr/firefox-esr"] : [process.env.FIREFOX];

/**
 * The Firefox ESR executable (FIREFOX names it, and then only it), or undefined when it is not installed
 * (tests/run.mjs installs Debian's package when it can).
 */
export function firefoxPath(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path));
}

// Nothing beyond loopback: the services Firefox calls by itself are off or pointed at the discard port, and any
// request that is not for 127.0.0.1 or localhost goes to a proxy there, where it fails (Firefox never proxies
// loopback). A release build ignores services.settings.server unless MOZ_REMOTE_SETTINGS_DEVTOOLS=1 is set; without
// it Firefox looked up firefox.settings.services.mozilla.com (seen with strace).
const PREFERENCES: Record<string, string | number | boolean> = {
  "network.proxy.type": 1,
  "network.proxy.http": "127.0.0.1",
  "network.proxy.http_port": 9,
  "network.proxy.ssl": "127.0.0.1",
  "network.proxy.ssl_port": 9,
  "network.proxy.share_proxy_settings": true,
  "network.proxy.allow_hijacking_localhost": false,
  "network.trr.mode": 5,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
  "network.http.speculative-parallel-limit": 0,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "app.update.auto": false,
  "app.update.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.downloads.remote.enabled": false,
  "browser.startup.page": 0,
  "browser.startup.homepage": "about:blank",
  "browser.newtabpage.enabled": false,
  "browser.newtabpage.activity-stream.feeds.system.topstories": false,
  "browser.newtabpage.activity-stream.feeds.section.topstories": false,
  "browser.shell.checkDefaultBrowser": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "toolkit.telemetry.enabled": false,
  "extensions.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.blocklist.enabled": false,
  "services.settings.server": "http://127.0.0.1:9/",
};

interface Reply {
  id?: number;
  type?: string;
  result?: unknown;
  error?: string;
  message?: string;
}

/** A Firefox process and its BiDi session; `close` kills the process and its content processes, hung or not. */
export interface Firefox {
  readonly version: string;
  /** The top-level browsing context of the window Firefox opened. */
  readonly context: string;
  call<T>(method: string, params: object): Promise<T>;
  close(): Promise<void>;
}

/** Starts Firefox headless on a fresh profile, waits for its BiDi websocket and opens a session. */
export async function launchFirefox(executable: string, options: { timeoutMs: number }): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), "durable-firefox-"));
  writeFileSync(join(profile, "user.js"), Object.entries(PREFERENCES).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`).join(""));
  // Its own process group, so that killing it ends the content processes too.
  const child = spawn(executable, ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0"], {
    detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1", MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = () => killGroup(child);
  process.once("exit", kill);
  let socket: TextSocket | undefined;
  const stop = async () => {
    socket?.close();
    kill();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
    clearTimeout(timer);
    process.removeListener("exit", kill);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const address = await listeningAddress(child, options.timeoutMs);
    const open = await connectWebSocket(`${address}/session`, options.timeoutMs);
    socket = open;
    const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
    open.onMessage((text) => {
      const reply = JSON.parse(text) as Reply;
      if (reply.id !== undefined) waiting.get(reply.id)?.resolve(reply);
    });
    let closed = false;
    open.onClose(() => {
      closed = true;
      for (const pending of waiting.values()) pending.reject(new Error("Firefox closed the WebDriver BiDi connection"));
    });
    let last = 0;
    const call = <T>(method: string, params: object): Promise<T> => new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error(`Firefox is closed: ${method} not sent`));
      const id = ++last;
      const timer = setTimeout(() => finish(new Error(`Firefox did not answer ${method} within ${options.timeoutMs} ms`)), options.timeoutMs);
      const finish = (error: Error | undefined, reply?: Reply) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (error !== undefined) reject(error);
        else if (reply!.type === "error") reject(new Error(`${method}: ${reply!.error}: ${reply!.message}`));
        else resolve(reply!.result as T);
      };
      waiting.set(id, { resolve: (reply) => finish(undefined, reply), reject: finish });
      open.send(JSON.stringify({ id, method, params }));
    });
    const session = await call<{ capabilities: { browserVersion: string } }>("session.new", { capabilities: {} });
    const tree = await call<{ contexts: { context: string }[] }>("browsingContext.getTree", {});
    return {
      version: session.capabilities.browserVersion,
      context: tree.contexts[0]!.context,
      call,
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Firefox says on stderr where its BiDi server listens (port 0: a free one it chose). */
function listeningAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(`Firefox did not open WebDriver BiDi within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}:\n${output.trim()}`));
    };
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /WebDriver BiDi listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    child.once("error", (error) => fail(`Firefox did not start: ${error.message}`));
    child.once("exit", (code, signal) => fail(`Firefox exited (${signal ?? code}) before opening WebDriver BiDi`));
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
