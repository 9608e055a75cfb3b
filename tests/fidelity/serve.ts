import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CloudDurableTestRunner, InvocationType } from "@aws/durable-execution-sdk-js-testing";

const root = join(import.meta.dirname, "..", "..");
const handlers = "tests/fidelity/official-handlers.ts";

/** The functions `durable serve` is given for the fidelity tests: name -> export of official-handlers.ts. */
export const DURABLE_FUNCTIONS: Readonly<Record<string, string>> = {
  hello: "hello",
  steps: "stepRetries",
  "step-fails": "stepFails",
  waits: "waits",
  callback: "callback",
  heartbeat: "heartbeat",
  "callback-timeouts": "callbackTimeouts",
  "wait-for-callback": "waitForCallback",
  batches: "batches",
  children: "childContexts",
  "invoke-qualified": "invokeQualified",
  "invoke-version-alias": "invokeVersionAndAlias",
  "invoke-arns": "invokeArns",
  "invoke-partial-arns": "invokePartialArns",
  logging: "logging",
  "parallel-retries": "parallelRetries",
};

export interface Served {
  readonly endpoint: string;
  readonly lambda: LambdaClient;
  /** What the serve process printed (the official SDK's log lines among it). */
  output(): string;
  /** A CloudDurableTestRunner for `functionName`, polling every 50 ms; Event invocations let a test answer callbacks. */
  runner<T = unknown>(functionName: string, invocationType?: InvocationType): CloudDurableTestRunner<T>;
  stop(): Promise<void>;
}

/** `durable serve --port 0` in a process of its own, from the sources, with the official-SDK handlers above. */
export async function serveOfficialHandlers(): Promise<Served> {
  const args = ["--import", "tsx", join(root, "lib", "cli.ts"), "serve", "--port", "0"];
  for (const [name, exported] of Object.entries(DURABLE_FUNCTIONS)) args.push("--function", `${name}=${handlers}#${exported}`);
  args.push("--plain-function", `echo=${handlers}#plainEcho`);
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" } });
  let output = "";
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const endpoint = await listening(child, () => output);
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  return {
    endpoint,
    lambda,
    output: () => output,
    runner: <T>(functionName: string, invocationType = InvocationType.RequestResponse) =>
      new CloudDurableTestRunner<T>({ functionName, client: lambda, config: { pollInterval: 50, invocationType } }),
    stop: async () => {
      lambda.destroy();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function listening(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
    if (match !== null) return match[1]!;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`durable serve did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
