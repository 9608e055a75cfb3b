import { spawn } from "node:child_process";
import { join } from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";

const root = join(import.meta.dirname, "..", "..");

export interface ServeProcess {
  readonly pid: number;
  /** The URL it listens on; rejects if it exits first. */
  readonly endpoint: Promise<string>;
  readonly output: () => string;
  /** How it ended: its exit code, or the signal that killed it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILLs it (unless it has ended) and resolves once it is gone. */
  kill(): Promise<void>;
}

/** `durable serve --port 0 ARGS...` (the built CLI) as a process of its own; ended by the caller, or after `limitMs`. */
export function serveProcess(args: readonly string[], env: Record<string, string> = {}, limitMs = 120_000): ServeProcess {
  const child = spawn(process.execPath, [join(root, "dist", "cli.mjs"), "serve", "--port", "0", ...args], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
  });
  let output = "";
  const limit = setTimeout(() => child.kill("SIGKILL"), limitMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => {
    clearTimeout(limit);
    resolve({ code, signal });
  }));
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`serve exited before listening: ${output}`)));
  });
  endpoint.catch(() => {});
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    pid: child.pid!,
    endpoint,
    output: () => output,
    exited,
    signal: (signal) => void child.kill(signal),
    kill: async () => {
      if (!ended) child.kill("SIGKILL");
      await exited;
    },
  };
}

export const lambdaClient = (endpoint: string, maxAttempts = 1) => new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts });

/** Polls `check` every 20 ms until it returns a value, for at most `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, ms = 20_000, what = "the condition"): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
